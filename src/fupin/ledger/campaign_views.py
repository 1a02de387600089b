"""The 清零 pages: the board of a region (with drill-down, and narrowed to a campaign or a class),
the list of 整改专项行动, the form that starts one and a campaign's progress with the open
problems that still stand in the way. Every count is over the problems the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.accounts.models import User
from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.core.scope import in_scope
from fupin.core.widgets import RegionPicker
from fupin.regions.models import Region

from .campaigns import campaign_problems, create_campaign, may_create_campaign
from .choices import Source
from .classes import class_names
from .clearance import board, campaign_tallies
from .errors import LedgerError
from .models import Campaign, Problem, ProblemQuerySet
from .stats import ledger_figures

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoardForm(forms.Form):
    """What the board is about: all problems, one campaign's, or one class's."""

    def __init__(self, *args: Any, user: User, region_code: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"] = forms.ModelChoiceField(
            label="专项行动",
            queryset=Campaign.objects.visible_to(user),
            required=False,
            empty_label="全部问题",
        )
        names = class_names(region_code or "")
        self.fields["category"] = forms.ChoiceField(
            label="问题类别", required=False, choices=[("", "全部类别"), *((n, n) for n in names)]
        )


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    region = forms.CharField(label="范围", widget=RegionPicker, help_text="县、乡镇或村")
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="清零时限", widget=DATE, help_text="此日及以前登记的问题计入")
    sources = forms.MultipleChoiceField(
        label="问题来源",
        required=False,
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选即为全部来源",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].widget.root_code = user.scope_code
        self.fields["categories"] = forms.MultipleChoiceField(
            label="问题类别",
            required=False,
            choices=[(n, n) for n in class_names(user.scope_code or "")],
            widget=forms.CheckboxSelectMultiple,
            help_text="不选即为全部类别",
        )
        self.order_fields(["name", "region", "started_on", "ended_on", "categories", "sources"])

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None or not in_scope(self.user, code):
            raise forms.ValidationError("请选择管辖区域内的县、乡镇或村")
        return region


def board_region(user: User, code: str | None) -> Region | None:
    """The region asked for, which must lie in the user's scope (else 404); by default the
    user's own region (None: the whole country, for a nationwide user)."""
    code = code or user.scope_code
    if code is None:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None or not in_scope(user, code):
        raise Http404("未找到该区域")
    return region


def trail(user: User, region: Region | None) -> list[Region]:
    """The regions from the user's own down to ``region``, for the drill-down's breadcrumb."""
    return [] if region is None else [r for r in region.path() if in_scope(user, r.code)]


def clearance(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    region = board_region(user, request.GET.get("region"))
    form = BoardForm(request.GET, user=user, region_code=region.code if region else None)
    visible = Problem.objects.visible_to(user)
    problems: ProblemQuerySet = visible
    campaign = category = None
    if form.is_valid():
        campaign, category = form.cleaned_data["campaign"], form.cleaned_data["category"]
        if campaign is not None:
            problems = campaign_problems(campaign, visible)
        elif category:
            problems = visible.filter(category=category)
    today = timezone.localdate()
    within = visible.within(region.code) if region else visible
    return render(
        request,
        "ledger/clearance_board.html",
        {
            "form": form,
            "board": board(
                problems, region, today, classes=class_names(region.code if region else "")
            ),
            "figures": ledger_figures(within, today),
            "trail": trail(user, region),
            "campaign": campaign,
            "category": category,
            "selection": {k: v for k, v in request.GET.items() if k in ("campaign", "category")},
        },
    )


def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    campaigns = Campaign.objects.visible_to(request.user).select_related("region")
    context = paged(request, campaigns, PAGE_SIZE)
    shown = list(context["page"].object_list)
    tallies = campaign_tallies(
        shown, Problem.objects.visible_to(request.user), timezone.localdate()
    )
    return render(
        request,
        "ledger/campaign_list.html",
        {
            **context,
            "rows": [(campaign, tallies[campaign.pk]) for campaign in shown],
            "may_create": may_create_campaign(request.user),
        },
    )


def campaign_new(request: AuthenticatedRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(request.user, **form.cleaned_data)
        except LedgerError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已发起整改专项行动“{campaign.name}”。")
            return redirect("ledger:campaign_detail", pk=campaign.pk)
    return render(request, "ledger/campaign_form.html", {"form": form})


def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    campaign = get_object_or_404(
        Campaign.objects.visible_to(user).select_related("region", "created_by"), pk=pk
    )
    # A township on the county's campaign sees its own part of it.
    region = campaign.region if in_scope(user, campaign.region_id) else board_region(user, None)
    problems = campaign_problems(campaign, Problem.objects.visible_to(user))
    today = timezone.localdate()
    in_region = problems.within(region.code) if region else problems
    standing = (
        in_region.open()
        .select_related("region", "responsible_cadre")
        .order_by(F("deadline").asc(nulls_last=True), "region_id", "pk")
    )
    return render(
        request,
        "ledger/campaign_detail.html",
        {
            "campaign": campaign,
            "board": board(problems, region, today, classes=class_names(campaign.region_id)),
            "today": today,
            **paged(request, standing, PAGE_SIZE),
        },
    )
