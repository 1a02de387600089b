"""Job pages: a list of one's jobs, a job page, and the progress fragment that page polls."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fupin.core.paging import paged
from fupin.core.requests import signed_in

from .models import Job
from .services import job_file


def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.visible_to(signed_in(request.user)).select_related("created_by")
    return render(request, "jobs/list.html", paged(request, jobs, 30))


def job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = get_object_or_404(Job.objects.visible_to(signed_in(request.user)), pk=pk)
    return render(request, "jobs/detail.html", {"job": job})


def job_progress(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = get_object_or_404(Job.objects.visible_to(signed_in(request.user)), pk=pk)
    return render(request, "jobs/_progress.html", {"job": job})


def job_download(request: HttpRequest, pk: UUID) -> FileResponse:
    job = get_object_or_404(Job.objects.visible_to(signed_in(request.user)), pk=pk)
    path = job_file(job)
    if path is None:
        raise Http404("文件不存在或已清理")
    download_name = (job.result or {}).get("download_name") or path.name
    return FileResponse(path.open("rb"), as_attachment=True, filename=download_name)
