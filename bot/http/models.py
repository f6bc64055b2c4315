"""The publish API's requests and answers as pydantic models: they validate what a CMS sends
(a 422 names the field) and `/api/openapi.json` is generated from them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from bot.limits import EXTERNAL_ID_MAX_LENGTH

BodyFormat = Literal["html", "markdown", "text"]

ExternalId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=EXTERNAL_ID_MAX_LENGTH,
        # It is part of URLs (/api/articles/external/{external_id}): no slash, no spaces.
        pattern=r"^[A-Za-z0-9._~:@-]+$",
        description="The CMS's own id of the article (a post id, a slug, a GUID).",
    ),
]


class _Strict(BaseModel):
    # An unknown field is a typo the CMS should hear about, not something silently dropped.
    model_config = ConfigDict(extra="forbid")


class NewArticle(_Strict):
    """`POST /api/articles`: publish an article (now, or at `publish_at`)."""

    headline: str = Field(description="One line, at most 200 characters.")
    body: str = Field(description="The text, in `format`; sanitised into Telegram's HTML.")
    format: BodyFormat = Field(
        default="html", description="html (a web page's HTML), markdown, or plain text."
    )
    photo_url: HttpUrl | None = Field(default=None, description="A lead photo (by URL).")
    section: str | int | None = Field(
        default=None, description="The section's name in English or Georgian, or its id."
    )
    publish_at: AwareDatetime | None = Field(
        default=None, description="ISO 8601 with a zone; unset or past: publish now."
    )
    breaking: bool = Field(default=False, description="Breaking news: alert every subscriber now.")
    external_id: ExternalId | None = None


class Correction(_Strict):
    """`PATCH /api/articles/{id}`: correct the headline, the text, the lead photo, or several;
    the copies already sent are updated."""

    headline: str | None = None
    body: str | None = None
    format: BodyFormat = "html"
    photo_url: HttpUrl | None = Field(
        default=None,
        description=(
            "A new lead photo (by URL): swapped in every copy already sent that shows a photo."
            " null removes the photo from what is sent from now on (a photo message already"
            " sent keeps its photo: Telegram cannot turn it into text). Absent: it stays."
        ),
    )

    @model_validator(mode="after")
    def _changes_something(self) -> Correction:
        if self.headline is None and self.body is None and not self.changes_photo:
            raise ValueError("give a new headline, body or photo_url")
        return self

    @property
    def changes_photo(self) -> bool:
        """Whether the request names a photo (`"photo_url": null` removes it)."""
        return "photo_url" in self.model_fields_set


class Deliveries(BaseModel):
    """Messages sent that show the article and are still kept up to date."""

    messages: int
    chats: int


class ArticleOut(BaseModel):
    """An article as the API shows it."""

    id: int
    link: str = Field(description="The deep link that opens the article in the bot.")
    headline: str
    body_html: str
    section: str | None
    published_at: datetime
    updated_at: datetime | None
    retracted_at: datetime | None
    views: int
    deliveries: Deliveries
    external_id: str | None = None


class ScheduledOut(BaseModel):
    """An article scheduled for later: it becomes an article (with an id) at `publish_at`."""

    scheduled_id: int
    publish_at: datetime
    state: Literal["waiting", "published", "cancelled"]
    article_id: int | None
    external_id: str | None = None


class FieldError(BaseModel):
    """One field that was refused, and why."""

    field: str
    detail: str


class ErrorOut(BaseModel):
    """What went wrong; `field` names the first field refused, for 422."""

    error: str
    detail: str
    field: str | None = None
    errors: list[FieldError] = Field(default_factory=list)
