"""Where charts and exports go so WhatsApp can fetch them: S3 with a short-lived presigned URL in AWS,
a local folder (file:// URLs) on the embedded stack."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

PRESIGNED_SECONDS = 15 * 60


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80]


def content_disposition(name: str) -> str:
    """RFC 6266: the file name a client saves the download as (the object key's last part is only a hint)."""
    return f'attachment; filename="{_safe(name)}"'


class S3MediaStore:
    """Objects under a random key (unguessable), readable for 15 minutes through a presigned GET."""

    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def put(self, name: str, content: bytes, content_type: str) -> str:
        key = f"media/{uuid.uuid4().hex}/{_safe(name)}"
        self._client.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=content,
            ContentType=content_type,
            ContentDisposition=content_disposition(name),
        )
        url: str = self._client.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=PRESIGNED_SECONDS
        )
        return url


class LocalMediaStore:
    """Files in data_dir/media, for the embedded stack and the demo."""

    def __init__(self, data_dir: Path) -> None:
        self._root = data_dir / "media"

    def put(self, name: str, content: bytes, content_type: str) -> str:
        path = self._root / uuid.uuid4().hex[:12] / _safe(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path.resolve().as_uri()
