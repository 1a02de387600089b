from django.urls import path

from . import campaign_views, due_views, views

app_name = "visits"

urlpatterns = [
    path("new/<str:code>/", views.visit_create, name="visit_create"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("households/<str:code>/", views.household_visits, name="household_visits"),
    path("households/<str:code>/panel/", views.household_panel, name="household_panel"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("mine/", due_views.mine, name="mine"),
    path("due/", due_views.due_list, name="due"),
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    *(
        path(
            f"proposals/<int:pk>/{decision}/",
            views.proposal_decide,
            {"decision": decision},
            name=f"proposal_{decision}",
        )
        for decision in views.DECISIONS
    ),
]
