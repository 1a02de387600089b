from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("new/<str:code>/", views.visit_create, name="visit_create"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("households/<str:code>/", views.household_visits, name="household_visits"),
    path("households/<str:code>/panel/", views.household_panel, name="household_panel"),
    path("proposals/", views.proposal_list, name="proposal_list"),
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
