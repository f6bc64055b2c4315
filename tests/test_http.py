"""Pure parts of the HTTP server (issue 12): failure reasons folded into labels, the metrics'
own registries, the request models, the OpenAPI document."""

from __future__ import annotations

import json
import socket

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError

from bot.health import check_healthz, healthz_url
from bot.http.models import Correction, NewArticle
from bot.http.openapi import document
from bot.metrics import Metrics, reason_of
from storage import Failed, Retry, Sent, WorkDone, WorkFailed


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("Forbidden: bot was blocked by the user", "forbidden"),
        ("chat inactive: Forbidden: user is deactivated", "forbidden"),
        ("Chat not found", "chat_not_found"),
        ("flood control: Too Many Requests: retry after 5", "flood"),
        ("Message to edit not found", "message_gone"),
        ("gave up after 5 rounds: Timed out", "gave_up"),
        ("Timed out", "network"),
        ("Bad Request: can't parse entities at byte offset 12", "other"),
    ],
)
def test_failure_messages_fold_into_a_few_reasons(error: str, reason: str) -> None:
    assert reason_of(error) == reason


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics.render().decode())
        for sample in family.samples
    }


def test_the_engines_outcomes_are_counted_by_kind_and_reason() -> None:
    metrics = Metrics()
    metrics.recorded(
        [
            Sent(1, 10, 100, (1,)),
            Sent(2, 11, 101, (1,)),
            Failed(3, "Forbidden: bot was blocked by the user"),
            Retry(4, 0.0, "Timed out"),
            WorkDone(5, 7, "edited"),
            WorkDone(6, 8, "deleted", state="deleted"),
            WorkDone(7, 9, "unchanged"),
            WorkFailed(8, 9, "Message to edit not found", gone=True),
        ]
    )
    counted = samples(metrics)
    assert counted[("newsbot_sent_total", (("kind", "alert"),))] == 2
    assert counted[("newsbot_sent_total", (("kind", "edit"),))] == 1
    assert counted[("newsbot_sent_total", (("kind", "deletion"),))] == 1
    assert counted[("newsbot_failed_total", (("kind", "alert"), ("reason", "forbidden")))] == 1
    assert counted[("newsbot_retried_total", (("kind", "alert"), ("reason", "network")))] == 1
    assert counted[("newsbot_failed_total", (("kind", "edit"), ("reason", "message_gone")))] == 1


def test_each_application_has_a_registry_of_its_own() -> None:
    first, second = Metrics(), Metrics()  # the same names twice: no clash
    first.reply_sent(0.02)
    first.feed_polled()
    first.feed_polled("timed out")
    second.feed_polled(modified=False)
    assert samples(first)[("newsbot_sent_total", (("kind", "reply"),))] == 1
    assert samples(first)[("newsbot_feed_polls_total", (("outcome", "error"),))] == 1
    assert samples(first)[("newsbot_feed_errors_total", (("reason", "network"),))] == 1
    assert ("newsbot_sent_total", (("kind", "reply"),)) not in samples(second)
    assert samples(second)[("newsbot_feed_polls_total", (("outcome", "not_modified"),))] == 1


def test_a_new_article_needs_a_zoned_time_and_a_known_format() -> None:
    article = NewArticle.model_validate(
        {"headline": "H", "body": "B", "publish_at": "2030-01-01T09:00:00+04:00"}
    )
    assert article.format == "html" and article.publish_at is not None
    for wrong in ({"publish_at": "2030-01-01T09:00"}, {"format": "pdf"}, {"extra": 1}):
        with pytest.raises(ValidationError):
            NewArticle.model_validate({"headline": "H", "body": "B", **wrong})


def test_a_correction_changes_something() -> None:
    with pytest.raises(ValidationError, match="headline"):
        Correction.model_validate({})
    assert Correction.model_validate({"body": "New"}).headline is None
    # A photo alone is a correction; null (remove it) is not the same as leaving it out.
    assert Correction.model_validate({"photo_url": None}).changes_photo
    assert not Correction.model_validate({"body": "New"}).changes_photo


def test_the_openapi_document_resolves_every_reference() -> None:
    described = document()
    schemas = described["components"]["schemas"]
    text = json.dumps(described)
    for name in ("NewArticle", "Correction", "ArticleOut", "ScheduledOut", "ErrorOut"):
        assert name in schemas
    references = {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}
    assert references <= set(schemas)


def test_the_healthcheck_asks_a_server_on_every_address_over_the_loopback() -> None:
    assert healthz_url("127.0.0.1", 8080) == "http://127.0.0.1:8080/healthz"
    assert healthz_url("0.0.0.0", 8080) == "http://127.0.0.1:8080/healthz"
    assert healthz_url("::1", 9000) == "http://[::1]:9000/healthz"


def test_the_healthcheck_says_when_nothing_listens() -> None:
    with socket.socket() as probe:  # a port bound and never listened on refuses connections
        probe.bind(("127.0.0.1", 0))
        url = healthz_url("127.0.0.1", probe.getsockname()[1])
        problem = check_healthz(url, timeout=2)
    assert problem is not None and problem.startswith(f"cannot reach {url}")
