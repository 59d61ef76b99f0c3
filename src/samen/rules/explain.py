"""Explanations: why the rules concluded what they did, step by step, for secretaries (Dutch or English).

Every step cites one article in the fixed form ("art. 14 lid 3", "art. 1 sub g", "Ondertekening"),
names the facts and parameter values it used, and the reading applied where the text is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from samen.rules import i18n
from samen.rules.i18n import N_

CITATION = re.compile(r"^(art\. \d+( lid \d+| sub [a-z])?|Ondertekening|Algemene termijnenwet( art\. \d+)?)$")


def _is_citation(article: str) -> bool:
    """Whether `article` is a citation in the fixed form; the rules cite a few dozen, each checked once (kept
    in `_CITED`)."""
    if CITATION.match(article) is None:
        return False
    if len(_CITED) < 512:
        _CITED.add(article)
    return True


_CITED: set[str] = set()  # citations found in the fixed form
_current = i18n.current
_new_object = object.__new__


class JsonFact(Protocol):
    """Anything that is a fact: it can give back its scenario dict."""

    def to_json(self) -> dict[str, Any]: ...


def nl_date(day: date) -> str:
    """A date the Dutch way: "20 december 2026" (`i18n.long_date` follows the current language)."""
    return i18n.long_date(day, "nl")


def nl_weekday(day: date) -> str:
    """The Dutch name of the weekday of `day`."""
    return i18n.weekday(day, "nl")


def article_ref(number: str, lid: str | None = None) -> str:
    """A citation in the fixed form: "art. 14 lid 3", "art. 1 sub g" (letters are 'sub'), "art. 6"."""
    if lid is None:
        return f"art. {number}"
    return f"art. {number} sub {lid}" if lid.isalpha() else f"art. {number} lid {lid}"


@dataclass(frozen=True, slots=True)
class ReadingUsed:
    """A reading of an ambiguous clause that a step applied, with its setting's value."""

    key: str
    value: bool | str
    description: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "description": self.description}


class _StepFields(NamedTuple):
    article: str
    text: str
    facts: tuple[JsonFact, ...]
    parameters: Mapping[str, str]
    reading: ReadingUsed | None
    language: str


_new_step = tuple.__new__


class Step(_StepFields):
    """One step of reasoning: the article, a sentence, the facts and parameters it used.

    `language` is the language the text was built in (the evaluation's, `i18n.current()`); the
    sentence around it (the reading applied) is said in the same language.

    Immutable, with the fields as attributes; equal to another step with the same article, text, facts, parameters
    and reading (not language, as before). A tuple underneath rather than a frozen dataclass: an answer's JSON builds
    a few thousand steps, and setting a frozen dataclass's six fields one setter call at a time was about half of
    the cost of making a step (7,700 instructions, now 3,800). Not to be used as a tuple (indexes, unpacking): the
    fields' order is no contract.
    """

    __slots__ = ()

    def __new__(
        cls,
        article: str,
        text: str,
        facts: tuple[JsonFact, ...] = (),
        parameters: Mapping[str, str] | None = None,
        reading: ReadingUsed | None = None,
        language: str | None = None,
    ) -> Step:
        if article not in _CITED and not _is_citation(article):
            raise ValueError(f"citation not in the fixed form: {article!r}")
        if parameters is None:
            parameters = {}
        return _new_step(cls, (article, text, facts, parameters, reading, _current() if language is None else language))

    # Equal to steps only: not NotImplemented for anything else, which would let a plain tuple of the same fields
    # compare equal as a tuple.
    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and self[:5] == other[:5]

    def __ne__(self, other: object) -> bool:
        return other.__class__ is not self.__class__ or self[:5] != other[:5]

    def __hash__(self) -> int:
        return hash(self[:5])

    # Not a sequence to its users: a step passed where steps were meant (`Explanation(step)`) fails as it did when
    # steps were dataclasses, rather than giving its fields as steps; and steps have no order.
    def __iter__(self) -> Iterator[Any]:
        raise TypeError("a Step is not iterable")

    def __lt__(self, other: object) -> bool:
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    def __getnewargs__(self) -> tuple[Any, ...]:  # pickle and copy: the fields, by slicing (not iterating)
        return self[:]

    def __repr__(self) -> str:
        fields = f"article={self.article!r}, text={self.text!r}, facts={self.facts!r}, parameters={self.parameters!r}"
        return f"Step({fields}, reading={self.reading!r})"

    def sentence(self) -> str:
        """The step as one readable sentence with its citation."""
        text = self.text.rstrip(".")
        out = f"{text} ({self.article})."
        if self.reading is not None:
            reading = self.reading
            out += " " + _reading_sentence(self.language, reading.key, reading.value, reading.description)
        return out

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        """The step in the contract; with `memo`, each fact's dict is made once per answer and reused."""
        return {
            "article": self.article,
            "text": self.text,
            "facts": memo.facts(self.facts) if memo is not None else [f.to_json() for f in self.facts],
            "parameters": dict(self.parameters),
            "reading": None if self.reading is None else memo.reading(self.reading) if memo is not None else self.reading.to_json(),
        }


def make_step(
    article: str,
    text: str,
    facts: tuple[JsonFact, ...] = (),
    parameters: Mapping[str, str] | None = None,
    reading: ReadingUsed | None = None,
) -> Step:
    """`Step(article, text, facts, parameters, reading)`, in the current language, made without calling the class:
    for the steps an answer makes by the hundred (a dispute's, a deadline's, a party's share). Calling a class
    passes through its metaclass, `__new__` and `__init__`; this is about a quarter cheaper (2,300 steps per answer
    of the bench)."""
    if article not in _CITED and not _is_citation(article):
        raise ValueError(f"citation not in the fixed form: {article!r}")
    return _new_step(Step, (article, text, facts, {} if parameters is None else parameters, reading, _current()))


# `new_step(Step, (article, text, facts, parameters, reading, i18n.current()))`: the step `make_step` makes, without
# its call, defaults and citation check, for a builder that makes hundreds of steps citing one article in the fixed
# form (a party's mediation share: `test_conclusion_tuples.py` checks it against `make_step`). All six fields.
new_step: Callable[[type[Step], tuple[str, str, tuple[JsonFact, ...], Mapping[str, str], ReadingUsed | None, str]], Step] = _new_step


@lru_cache(maxsize=256)
def _reading_sentence(language: str, key: str, value: bool | str, description: str) -> str:
    """The sentence naming the reading a step applied, in `language` (the same few readings recur in every answer)."""
    return i18n.translate(N_("Gekozen lezing: {description} (instelling {key} = {value})."), language).format(
        # The English descriptions (TOML `description`) are sentences of their own.
        description=description.rstrip(".") if language == "en" else description,
        key=key,
        value=_setting(value, language),
    )


def _setting(value: bool | str, language: str) -> str:
    if isinstance(value, bool):
        return i18n.translate(N_("aan") if value else N_("uit"), language)
    return value


class Explanation:
    """The steps behind one conclusion, in order.

    Given (`Explanation(steps)`, `Explanation.of(*steps)`) or built when first asked for
    (`Explanation.later(build)`): the rules decide dates, amounts and states at once, but most
    explanations are never read (a page shows one item's), so the steps and their texts are made
    by `build` on the first access to `steps` (or `text()`, `articles`, `to_json()`, equality) and
    kept. `build` runs in the language that was current when `later` was called, so an explanation
    asked for after the evaluation ends is still in the answer's language. `build` must use only
    values that no longer change (never a loop variable by name: pass it as an argument).
    """

    __slots__ = ("_build", "_language", "_steps")

    def __init__(self, steps: Iterable[Step] = ()) -> None:
        self._steps: tuple[Step, ...] | None = tuple(steps)
        self._build: Callable[[], Iterable[Step]] | None = None
        self._language = ""

    @classmethod
    def later(cls, build: Callable[[], Iterable[Step]]) -> Explanation:
        """An explanation whose steps `build()` makes when first asked for, in the current language."""
        out = _new_object(cls)  # `cls.__new__(cls)` without looking `__new__` up (2,300 explanations per answer)
        out._steps = None
        out._build = build
        out._language = _current()
        return out

    @staticmethod
    def of(*steps: Step) -> Explanation:
        return Explanation(steps)

    @property
    def steps(self) -> tuple[Step, ...]:
        steps = self._steps
        if steps is None:
            build = self._build
            if build is None:  # another thread built them in the meantime (it sets the steps first)
                return self._steps or ()
            if self._language == _current():
                steps = tuple(build())
            else:
                with i18n.use(self._language):
                    steps = tuple(build())
            self._steps = steps
            self._build = None
        return steps

    @property
    def built(self) -> bool:
        """Whether the steps exist yet (False until a lazily built explanation is first asked for)."""
        return self._steps is not None

    def __add__(self, other: Explanation) -> Explanation:
        if self.built and other.built:
            return Explanation(self.steps + other.steps)
        return Explanation.later(lambda: self.steps + other.steps)

    def then(self, step: Step) -> Explanation:
        return Explanation((*self.steps, step))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return self.steps == other.steps

    def __hash__(self) -> int:
        return hash(self.steps)

    def __repr__(self) -> str:
        return f"Explanation(steps={self.steps!r})"

    def __reduce__(self) -> tuple[type[Explanation], tuple[tuple[Step, ...]]]:
        # Pickled and copied with its steps built: a function that builds them is not data.
        return (Explanation, (self.steps,))

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles cited, in the order first cited, each once."""
        return tuple(dict.fromkeys(s.article for s in self.steps))

    def text(self) -> str:
        """The whole explanation as prose (in the language its steps were built in)."""
        return " ".join(s.sentence() for s in self.steps)

    def to_json(self, memo: JsonMemo | None = None) -> list[dict[str, Any]]:
        return [s.to_json(memo) for s in self.steps]


T = TypeVar("T")


class Once(Generic[T]):
    """`make()` called on first use and its result kept: for what several lazily built explanations share
    (a year's costs, said alike in every party's explanation). Cheaper to make than `functools.cache`."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._made: T | None = None

    def get(self) -> T:
        """What `make()` gave, made on the first call. A method rather than only `__call__`: calling an instance
        goes through the type's call slot, about 1,100 instructions a call against 650 (a party's explanation
        asks for its year's part, about 950 times per answer of the bench)."""
        make = self._make
        if make is not None:
            self._made = make()
            self._make = None
        return self._made  # type: ignore[return-value]  # made above, or by an earlier call

    def __call__(self) -> T:
        return self.get()


_STEPS = attrgetter("steps")  # an explanation's steps (built when first asked for)


class JsonMemo:
    """What one `Answer.to_json()` has serialised already, to reuse rather than make again.

    A fact is cited by many steps (a year's extra costs by each party's variable contribution), so
    each fact's dict is made once and the same dict is put wherever the fact is cited; a tuple of
    facts shared by several steps gives the same list (as do the steps that cite one and the same
    fact, and every step that cites no fact one empty list); a step in several explanations gives
    the same dict and sentence, an explanation of several conclusions the same list, conclusions
    that cite the same articles (equal tuples) the same list. The output is equal to serialising
    everything anew; only the objects are shared, so the answer's JSON is for reading: copy a part
    before changing it.

    Entries are found by the object's id (the articles' by the tuple's content), so no object with an
    entry may be freed while the memo lives
    (another could get its id). The memo keeps (`_kept`) each explanation it wrote and the tuple of
    steps it wrote it from, which hold every step and, through them, every tuple of facts, fact and
    reading of an entry; and whatever else it made an entry for (a fact or reading serialised on its
    own).
    """

    __slots__ = (
        "_articles", "_explained", "_facts", "_kept", "_lists", "_no_facts", "_readings", "_said", "_sentences", "_single",
        "_step_dicts",
    )  # fmt: skip

    def __init__(self) -> None:
        self._kept: list[object] = []
        self._facts: dict[int, dict[str, Any]] = {}
        self._lists: dict[int, list[dict[str, Any]]] = {}
        self._step_dicts: dict[int, dict[str, Any]] = {}  # by the step's id
        self._sentences: dict[int, str] = {}  # likewise
        self._explained: dict[int, tuple[str, list[dict[str, Any]]]] = {}
        self._readings: dict[int, dict[str, Any]] = {}
        self._said: dict[int, tuple[str, dict[str, Any], str]] = {}  # a reading's language, dict and sentence, by its id
        # A conclusion's articles, by the tuple itself: conclusions of a kind cite equal tuples, most of them made
        # anew per conclusion (491 tuples of 18 contents in the bench's answer), and a tuple of a few strings hashes fast.
        self._articles: dict[tuple[str, ...], list[str]] = {}
        self._no_facts: list[dict[str, Any]] = []  # the facts of every step that cites none
        self._single: dict[int, list[dict[str, Any]]] = {}  # the facts of a step that cites one, by that fact's id

    def reading(self, reading: ReadingUsed) -> dict[str, Any]:
        """`reading.to_json()`, made once per reading (the steps applying one reading share it)."""
        out = self._readings.get(id(reading))
        if out is None:
            out = self._readings[id(reading)] = reading.to_json()
            self._kept.append(reading)
        return out

    def explained(self, explanation: Explanation) -> tuple[str, list[dict[str, Any]]]:
        """`(explanation.text(), explanation.to_json())`, made once per explanation and, within it, once per step:
        a dispute's findings share its state's explanation, its state the steps of its deadlines."""
        made = self._explained.get(id(explanation))
        if made is None:
            self.explain((explanation,))
            made = self._explained[id(explanation)]
        return made

    def explain(self, explanations: Sequence[Explanation]) -> list[tuple[str, list[dict[str, Any]]]]:
        """`explained(e)` for each of `explanations` (built in their order, as `explained` one by one would), all at
        once: `Answer.to_json` gives all its conclusions' explanations before writing the conclusions.

        In bulk rather than explanation by explanation (1,835 explanations of 5,374 steps, 2,367 distinct, in the
        bench's answer): the steps of all of them in one list and their ids by one `map`, each step not yet written
        written in one loop over those, which also lists every step's sentence and dict in order, and each
        explanation's text and list made from slices of those two lists (no method call, membership tests and
        gathering by `map` per explanation)."""
        known = self._explained
        ids = list(map(id, explanations))
        todo = dict(zip(ids, explanations, strict=True))  # each explanation once, in order
        if known:
            todo = {key: e for key, e in todo.items() if key not in known}
        if todo:
            self._write(todo)
        return list(map(known.__getitem__, ids))

    def _write(self, todo: dict[int, Explanation]) -> None:
        known = self._explained
        built = list(map(_STEPS, todo.values()))  # builds them, in order
        self._kept += todo.values()
        self._kept += built
        flat = list(chain.from_iterable(built))
        ids = list(map(id, flat))
        dicts, sentences = self._step_dicts, self._sentences
        # Each step's dict and sentence: what `step.to_json(self)` and `step.sentence()` give, written out here.
        facts_made, single, lists, said = self._facts, self._single, self._lists, self._said
        no_facts = self._no_facts
        # Every step said, in order: its sentence and dict, for the explanations' slices below (appended here rather
        # than gathered by lookups after the loop).
        said_all: list[str] = []
        dicts_all: list[dict[str, Any]] = []
        for step_id, step in zip(ids, flat, strict=True):
            step_json = dicts.get(step_id)
            if step_json is not None:  # written already (5,374 steps said, 2,367 distinct)
                said_all.append(sentences[step_id])
                dicts_all.append(step_json)
                continue
            # The fields by one slice of the tuple underneath (five attribute lookups cost about three times as much);
            # this module owns the order of the fields.
            article, text, facts, parameters, reading, language = step[:]
            if len(facts) == 1:  # most steps cite one fact, often one that other steps cite in a tuple of their own
                fact = facts[0]
                fact_id = id(fact)
                listed = single.get(fact_id)
                if listed is None:
                    made = facts_made.get(fact_id)
                    if made is None:
                        made = facts_made[fact_id] = fact.to_json()
                    listed = single[fact_id] = [made]
            elif facts:
                listed = lists.get(id(facts))
                if listed is None:
                    listed = lists[id(facts)] = self._fact_list(facts)
            else:
                listed = no_facts
            sentence = f"{text.rstrip('.')} ({article})."
            json = None
            if reading is not None:
                # The reading's dict and sentence, once per reading (and language): 853 steps apply one of a few readings.
                reading_id = id(reading)
                written = said.get(reading_id)
                if written is None or written[0] != language:
                    written = said[reading_id] = (
                        language,
                        self.reading(reading),
                        _reading_sentence(language, reading.key, reading.value, reading.description),
                    )
                json = written[1]
                sentence = f"{sentence} {written[2]}"
            step_json = dicts[step_id] = {
                "article": article,
                "text": text,
                "facts": listed,
                "parameters": dict(parameters) if parameters else {},
                "reading": json,
            }
            sentences[step_id] = sentence
            said_all.append(sentence)
            dicts_all.append(step_json)
        start = 0
        for key, steps in zip(todo, built, strict=True):
            end = start + len(steps)
            known[key] = (" ".join(said_all[start:end]), dicts_all[start:end])
            start = end

    def listed(self, cited: Sequence[tuple[str, ...]]) -> list[list[str]]:
        """The list of articles `cited()` gives for each tuple of `cited`, all at once (`Answer.to_json`)."""
        lists = self._articles
        for content in dict.fromkeys(cited):  # each content once (18 in the bench's answer)
            if content not in lists:
                lists[content] = list(content)
        return list(map(lists.__getitem__, cited))

    def cited(self, articles: tuple[str, ...], explanation: Explanation) -> tuple[list[str], str, list[dict[str, Any]]]:
        """A conclusion's list of articles (one list per content of the tuple of articles: conclusions of a kind cite
        the same articles), and `explained(explanation)`."""
        listed = self._articles.get(articles)
        if listed is None:
            listed = self._articles[articles] = list(articles)
        made = self._explained.get(id(explanation))
        if made is None:
            made = self.explained(explanation)
        return listed, made[0], made[1]

    def fact(self, fact: JsonFact) -> dict[str, Any]:
        """`fact.to_json()`, made once."""
        out = self._facts.get(id(fact))
        if out is None:
            out = self._facts[id(fact)] = fact.to_json()
            self._kept.append(fact)
        return out

    def facts(self, facts: tuple[JsonFact, ...]) -> list[dict[str, Any]]:
        """`[f.to_json() for f in facts]`, made once per tuple (an empty tuple gives a new list each time)."""
        if not facts:
            return []
        out = self._lists.get(id(facts))
        if out is None:
            out = self._lists[id(facts)] = self._fact_list(facts)
            self._kept.append(facts)
        return out

    def _fact_list(self, facts: tuple[JsonFact, ...]) -> list[dict[str, Any]]:
        made = self._facts
        out = []
        for fact in facts:
            listed = made.get(id(fact))
            if listed is None:
                listed = made[id(fact)] = fact.to_json()
            out.append(listed)
        return out


def join_nl(items: Iterable[str]) -> str:
    """ "a, b en c" - a Dutch enumeration (`i18n.join_words` follows the current language)."""
    return i18n.join_words(items, "nl")
