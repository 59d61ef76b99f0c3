"""One row by fixed lookups, with the statement the ORM writes compiled once per connection instead of on every call.

Every request of a logged-in user reads its session, its user and its second-factor device: three lookups whose shape
never changes. Building such a query through the ORM (a QuerySet, its WHERE tree, the compiler) costs several times
as much as running it. `OneRow` lets the ORM compile the query once per database connection, with the first values
it is given, and then binds new values to the same statement: the values are prepared for the database by the same
field method the ORM's lookups use (`get_db_prep_value`), and the columns are converted and the instance built by
the same ORM steps as a QuerySet (`get_converters`, `apply_converters`, `Model.from_db`). What is read, and which
row is found, is exactly what `Model.objects.filter(...).first()` would read and find.

Only reads; only lookups of a field against one value (`field` for exact, `field__gt`, `__gte`, `__lt`, `__lte`),
which the ORM writes with one parameter each. When compiling, the statement's parameters are also checked against the
values prepared here, in order: a statement the ORM would write differently is refused rather than bound wrongly.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router

# Lookups of a field against one value, which the ORM writes with exactly one parameter: "" is the exact match.
_ONE_PARAMETER = ("", "gt", "gte", "lt", "lte")
_PLANS_ATTR = "_samen_one_row_plans"  # per connection object: {id(OneRow): _Plan}


class _Plan:
    __slots__ = ("converters", "names", "prep", "sql")

    def __init__(self, sql: str, prep: list[Any], names: list[str], converters: list[tuple[int, Any, Any]]) -> None:
        self.sql, self.prep, self.names, self.converters = sql, prep, names, converters


class OneRow:
    """`OneRow(Model, "a", "b__gt", order_by="pk").get(x, y)` reads `Model.objects.filter(a=x).filter(b__gt=y)
    .order_by(...).first()`, compiled once per connection."""

    def __init__(self, model: type[models.Model], *lookups: str, order_by: str = "pk") -> None:
        for lookup in lookups:
            kind = lookup.partition("__")[2]
            if kind not in _ONE_PARAMETER or "__" in kind:
                raise ValueError(f"OneRow({model._meta.label}): {lookup!r} is not a lookup of one value ({', '.join(_ONE_PARAMETER)})")
        self.model, self.lookups, self.order_by = model, lookups, order_by

    def queryset(self, *values: Any) -> models.QuerySet[Any]:
        """The QuerySet this reader stands for, with `values` (also what compiles the statement)."""
        qs = self.model._default_manager.all()
        for lookup, value in zip(self.lookups, values, strict=True):
            qs = qs.filter(**{lookup: value})
        return qs.order_by(self.order_by)[:1]

    def get(self, *values: Any) -> Any:
        """The first row, as a model instance, or None."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        plans = connection.__dict__.setdefault(_PLANS_ATTR, {})
        plan = plans.get(id(self))
        if plan is None:
            plan = plans[id(self)] = self._compile(connection, values)
        params = [prep(value) for prep, value in zip(plan.prep, values, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if plan.converters:  # as SQLCompiler.apply_converters does for each row
            row = list(row)
            for pos, converters, expression in plan.converters:
                value = row[pos]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[pos] = value
        return self.model.from_db(alias, plan.names, row)

    def _compile(self, connection: Any, values: tuple[Any, ...]) -> _Plan:
        qs = self.queryset(*values)
        compiler = qs.query.get_compiler(using=qs.db)
        sql, compiled_params = compiler.as_sql()
        meta = self.model._meta
        prep = []
        for lookup in self.lookups:
            name = lookup.split("__", 1)[0]
            field = meta.pk if name == "pk" else meta.get_field(name)

            def prepare(value: Any, field: Any = field) -> Any:
                return field.get_db_prep_value(value, connection, prepared=False)

            prep.append(prepare)
        mine = [p(v) for p, v in zip(prep, values, strict=True)]
        if list(compiled_params) != mine:
            raise ValueError(f"OneRow({meta.label}, {self.lookups}): the ORM wrote parameters {compiled_params!r}, not {mine!r}")
        columns = [column for column, _, _ in compiler.select]
        names = [column.target.attname for column in columns]
        if names != [f.attname for f in meta.concrete_fields]:
            raise ValueError(f"OneRow({meta.label}): the ORM selected {names}, not the model's concrete fields")
        converters = [(pos, convs, expression) for pos, (convs, expression) in compiler.get_converters(columns).items()]
        return _Plan(sql, prep, names, converters)
