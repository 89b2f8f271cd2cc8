"""Lesson media (issue 9; issue 12 item 3): the provider's staff upload an image for a lesson or the
recording of an audio lesson (transcript required); size bounded, type read from the content; the
file is served at /media/public/ and the lesson shows it, the recording's size before it plays."""

from __future__ import annotations

import copy
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naker.learning import media, services
from naker.learning.models import Lesson, Module
from tests.factories import make_worker
from tests.learning.conftest import MARKETING

pytestmark = pytest.mark.django_db
CODE = MARKETING["code"]
EDITOR = f"/penyedia/kursus/{CODE}/"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 2000


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.fixture
def draft(staff):
    return services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING))


@pytest.fixture
def module(draft):
    return Module.objects.filter(version=draft).order_by("position").first()


def add_lesson(client, module, upload=None, **fields):
    data = {"action": "lesson", "l-module": module.pk, "l-minutes": "5", **{f"l-{k}": v for k, v in fields.items()}}
    if upload is not None:
        data["l-upload"] = upload
    return client.post(EDITOR, data)


def test_an_image_is_uploaded_for_a_lesson_and_shown_in_it(client, staff, module, media_root):
    client.force_login(staff)
    response = add_lesson(
        client,
        module,
        SimpleUploadedFile("foto.png", png(), content_type="image/png"),
        kind="text",
        title="Foto produk",
        body="Cahaya dari jendela.",
        image_alt="Produk di meja dekat jendela",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get(title="Foto produk")
    assert lesson.image_url.startswith("/media/public/lessons/") and lesson.image_url.endswith(".png")
    assert lesson.image_size_bytes == len(png())
    assert list(media_root.glob("public/lessons/*.png"))
    served = client.get(lesson.image_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png()


def test_an_audio_lesson_needs_its_recording_and_transcript_and_shows_the_size_before_playing(
    client, staff, module, publish
):
    client.force_login(staff)
    refused = add_lesson(client, module, kind="audio", title="Dengarkan pelanggan", body="")
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Unggah rekamannya." in page and "Tulis transkripnya" in page

    upload = SimpleUploadedFile("wawancara.mp3", MP3, content_type="audio/mpeg")
    ok = add_lesson(
        client, module, upload, kind="audio", title="Dengarkan pelanggan", body="Pelanggan: apakah ada warna lain?"
    )
    assert ok.status_code == 302
    lesson = Lesson.objects.get(title="Dengarkan pelanggan")
    assert lesson.media_url.endswith(".mp3") and lesson.media_size_bytes == len(MP3)
    assert client.get(lesson.media_url)["Content-Type"] == "audio/mpeg"

    # the worker sees the size first; nothing downloads before play; the transcript is there
    services.submit_for_review(actor=staff, course_code=CODE)
    from tests.factories import UserFactory

    services.review(admin=UserFactory(is_staff=True), course_code=CODE, approve=True)
    worker = make_worker()
    services.enrol(worker=worker, course_code=CODE)
    client.force_login(worker)
    published = Lesson.objects.get(title="Dengarkan pelanggan", module__version__status="published")
    html = client.get(f"/belajar/pelajaran/{published.pk}/").content.decode()
    assert "Rekaman: 2,0\xa0KB" in html or "Rekaman: 2.0\xa0KB" in html, html
    assert 'preload="none"' in html
    assert "Pelanggan: apakah ada warna lain?" in html


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("catatan.mp3", b"hanya teks, bukan rekaman", "audio", "bukan gambar"),
        ("skrip.png", b"<svg onload=alert(1)>", "text", "bukan gambar"),
        ("kosong.png", b"", "text", "kosong"),
        ("suara.mp3", MP3, "text", "pilih jenis Audio"),
        ("besar.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (media.IMAGE_MAX_BYTES + 1), "text", "paling besar 1,0"),
    ],
)
def test_uploads_are_refused_by_content_and_size_and_nothing_is_kept(
    client, staff, module, media_root, name, content, kind, message
):
    client.force_login(staff)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = add_lesson(client, module, upload, kind=kind, title="Ditolak", body="Isi.", image_alt="Gambar")
    assert response.status_code == 200
    assert message in response.content.decode().replace("1.0", "1,0")
    assert not Lesson.objects.filter(title="Ditolak").exists()
    assert not list(media_root.glob("public/lessons/*"))


def test_a_big_recording_is_refused_before_it_is_stored(staff, draft, media_root, monkeypatch):
    monkeypatch.setattr(media, "AUDIO_MAX_BYTES", 1000)
    upload = SimpleUploadedFile("panjang.mp3", MP3, content_type="audio/mpeg")
    with pytest.raises(services.errors.CourseInvalid) as refused:
        services.store_lesson_media(actor=staff, course_code=CODE, lesson_kind="audio", uploaded=upload)
    assert "Rekaman paling besar" in str(refused.value.message) or "recording" in str(refused.value.message).lower()
    assert not list(media_root.glob("public/lessons/*"))


def test_only_the_providers_staff_upload(client, draft, media_root):
    stranger = make_worker()
    upload = SimpleUploadedFile("foto.png", png(), content_type="image/png")
    with pytest.raises(services.errors.NotProviderStaff):
        services.store_lesson_media(actor=stranger, course_code=CODE, lesson_kind="text", uploaded=upload)
    assert not list(media_root.glob("public/lessons/*"))


def test_public_media_serves_only_media_public_files(client, media_root):
    (media_root / "imports").mkdir()
    (media_root / "imports" / "anggota.png").write_bytes(png())
    assert client.get("/media/public/../imports/anggota.png").status_code == 404
    assert client.get("/media/public/lessons/tidak-ada.png").status_code == 404
    (media_root / "public" / "lessons").mkdir(parents=True)
    (media_root / "public" / "lessons" / "x.txt").write_text("halo")
    assert client.get("/media/public/lessons/x.txt").status_code == 404
