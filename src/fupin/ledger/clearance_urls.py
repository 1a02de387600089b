"""The addresses of the 清零 board and the 整改专项行动 pages (mounted by ``ledger.urls``)."""

from django.urls import path

from . import campaign_views

urlpatterns = [
    path("clearance/", campaign_views.clearance, name="clearance"),
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
]
