"""The agreement record and its text (articles and leden), for citations."""

from __future__ import annotations

from django.db import models


class Agreement(models.Model):
    """One agreement run by samen; its definition lives in agreements/<slug>.toml."""

    slug = models.SlugField(max_length=64, unique=True)
    citation_title = models.CharField(max_length=300)
    start = models.DateField()
    term_years = models.PositiveSmallIntegerField()
    host_code = models.CharField(max_length=16)
    definition_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.citation_title


class Article(models.Model):
    """An article of the agreement; its text is imported with `samen import-text`."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(max_length=8)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="article_unique_number")]

    def __str__(self) -> str:
        return f"art. {self.number} {self.title}"


class Lid(models.Model):
    """A numbered or lettered paragraph (lid, or sub in art. 1) of an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="leden")
    number = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="lid_unique_number")]

    def __str__(self) -> str:
        return f"{self.article} lid {self.number}"
