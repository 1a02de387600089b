"""Evidence files: at most 10 MB, and JPEG, PNG or PDF by both extension and content."""

from __future__ import annotations

import pytest
from django.conf import settings

from fupin.core.uploads import MAX_BYTES as ATTACHMENT_MAX_BYTES
from fupin.monitoring.attachments import Upload
from fupin.monitoring.choices import AttachmentKind, CaseState
from fupin.monitoring.errors import MonitoringError, Refusal
from fupin.monitoring.models import Attachment

from . import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(clock, staff):  # type: ignore[no-untyped-def]
    return walk.open_lead(staff.village, walk.stable_household())


def verify_with(staff, lead, *extra: Upload) -> None:  # type: ignore[no-untyped-def]
    walk.verify(staff.village, lead, uploads=[walk.authorisation(), *extra])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("大.pdf", b"%PDF-" + b"0" * (ATTACHMENT_MAX_BYTES - 4), "超过 10 MB 的上限"),
        ("空.jpg", b"", "是空文件"),
        ("说明.docx", b"PK\x03\x04" + b"0" * 20, "不是允许的文件类型（只接受 jpg、png、pdf）"),
        ("脚本.exe", b"MZ" + b"0" * 20, "不是允许的文件类型"),
        ("无扩展名", walk.PDF, "不是允许的文件类型"),
        ("伪装.pdf", walk.PNG, "的内容与扩展名不符"),
        ("伪装.png", b"<html><script>alert(1)</script>", "的内容与扩展名不符"),
        ("伪装.jpg", walk.PDF, "的内容与扩展名不符"),
    ],
)
def test_unacceptable_files_are_refused_and_nothing_is_written(staff, lead, name, content, message):
    with pytest.raises(MonitoringError, match=message) as refusal:
        verify_with(staff, lead, walk.upload(AttachmentKind.PHOTO, name, content))
    assert refusal.value.refusal == Refusal.INPUT
    lead.refresh_from_db()
    assert lead.state == CaseState.LEAD and not Attachment.objects.exists()


def test_a_file_of_exactly_ten_megabytes_and_each_allowed_type_is_accepted(staff, lead):
    verify_with(
        staff,
        lead,
        walk.upload(AttachmentKind.PHOTO, "门口.JPG", walk.JPEG),
        walk.upload(AttachmentKind.PHOTO, "屋内.jpeg", walk.JPEG),
        walk.upload(AttachmentKind.PHOTO, "院子.png", walk.PNG),
        walk.upload(AttachmentKind.OTHER, "大.pdf", b"%PDF-" + b"0" * (ATTACHMENT_MAX_BYTES - 5)),
    )
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "application/pdf",
        "image/jpeg",
        "image/jpeg",
        "image/png",
    ]


def test_files_are_stored_under_the_data_directory_with_names_of_our_own(staff, lead):
    verify_with(staff, lead, walk.upload(AttachmentKind.PHOTO, "../../etc/passwd.png", walk.PNG))
    photo = Attachment.objects.get(kind=AttachmentKind.PHOTO)
    assert photo.original_name == "passwd.png"
    assert photo.file.name.startswith("monitoring/2026/03/") and "passwd" not in photo.file.name
    assert photo.file.path.startswith(str(settings.MEDIA_ROOT))
    assert photo.size == len(walk.PNG)


def test_the_signed_authorisation_is_required_for_verification(staff, lead):
    with pytest.raises(MonitoringError, match="办理“入户核实”须上传：农户授权承诺"):
        walk.verify(staff.village, lead, uploads=[walk.upload(AttachmentKind.PHOTO, "a.pdf")])


def test_an_unknown_kind_is_refused(staff, lead):
    with pytest.raises(MonitoringError, match="材料类型不正确"):
        verify_with(staff, lead, walk.upload("身份证", "a.pdf"))
