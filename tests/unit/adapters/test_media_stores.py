"""Where charts and exports are put: S3 (moto) objects carry their file name; the URL is presigned and short-lived."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from moto import mock_aws

from finassist.adapters.media_stores import S3MediaStore

BUCKET = "finassist-media-test"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def test_an_export_is_stored_with_its_type_and_a_content_disposition_file_name(s3: Any) -> None:
    url = S3MediaStore(s3, BUCKET).put("despesas.xlsx", b"PK\x03\x04", XLSX)

    key = next(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == XLSX
    assert head["ContentDisposition"] == 'attachment; filename="despesas.xlsx"'
    assert key.endswith("/despesas.xlsx") and urlsplit(url).path.endswith(key)
    assert "Signature" in parse_qs(urlsplit(url).query), "a presigned URL, not a public object"


def test_a_name_with_odd_characters_becomes_a_safe_file_name(s3: Any) -> None:
    S3MediaStore(s3, BUCKET).put('resumo "nov"\r\n.png', b"\x89PNG", "image/png")

    key = next(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    disposition = s3.head_object(Bucket=BUCKET, Key=key)["ContentDisposition"]
    assert disposition == 'attachment; filename="resumo__nov___.png"'


def test_the_presigned_url_serves_the_file_with_its_disposition(s3: Any) -> None:
    url = S3MediaStore(s3, BUCKET).put("despesas.xlsx", b"PK\x03\x04", XLSX)

    fetched = requests.get(url, timeout=5)

    assert fetched.content == b"PK\x03\x04"
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="despesas.xlsx"'
