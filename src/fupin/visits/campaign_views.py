"""Visit campaign pages (遍访): the list, the form that starts one, and a campaign's progress with
the targets not visited yet. Campaigns are those of the user's region; progress counts the target
households the user may see (a helping cadre: their own)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.accounts.models import User
from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.core.widgets import RegionPicker
from fupin.regions.models import Region
from fupin.registry.models import Household

from .campaigns import (
    CampaignError,
    Target,
    create_campaign,
    may_create_campaign,
    not_visited,
    progress,
    with_counts,
)
from .models import Campaign

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    region = forms.CharField(label="范围", widget=RegionPicker, help_text="县、乡镇或村")
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)
    target = forms.ChoiceField(label="走访对象", choices=Target.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].widget.root_code = user.scope_code

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = Region.objects.visible_to(self.user).filter(code=code).first()
        if region is None:
            raise forms.ValidationError("请选择管辖区域内的县、乡镇或村")
        return region


def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    campaigns = with_counts(
        Campaign.objects.visible_to(request.user).select_related("region"),
        Household.objects.visible_to(request.user),
    )
    return render(
        request,
        "visits/campaign_list.html",
        {**paged(request, campaigns, PAGE_SIZE), "may_create": may_create_campaign(request.user)},
    )


def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(request.user, **form.cleaned_data)
        except CampaignError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已发起遍访“{campaign.name}”。")
            return redirect(campaign)
    return render(request, "visits/campaign_form.html", {"form": form})


def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("region", "created_by"), pk=pk
    )
    households = Household.objects.visible_to(request.user)
    today = timezone.localdate()
    return render(
        request,
        "visits/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress(campaign, households, today),
            **paged(request, not_visited(campaign, households, today), PAGE_SIZE),
        },
    )
