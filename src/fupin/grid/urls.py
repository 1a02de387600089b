from django.urls import path

from . import board_views, exchange_views, views

app_name = "grid"

urlpatterns = [
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/new/", views.cadre_create, name="cadre_create"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/photo/", views.cadre_photo, name="cadre_photo"),
    path("villages/<str:code>/", views.village, name="village"),
    path("villages/<str:code>/assign/<str:level>/", views.assign, name="assign"),
    path("villages/<str:code>/areas/new/", views.area_create, name="area_create"),
    path("villages/<str:code>/pairings/new/", views.pairing_create, name="pairing_create"),
    path("villages/<str:code>/board/", board_views.board_page, name="board"),
    path("villages/<str:code>/board.pdf", board_views.board_download, name="board_pdf"),
    path(
        "villages/<str:code>/board/photos/<int:pk>/",
        board_views.board_photo,
        name="board_photo",
    ),
    path("assignments/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("assignments/<int:pk>/end/", views.end, name="end"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/<str:finding>/", views.coverage_list, name="coverage_list"),
    path("households/<str:code>/helpers/", views.household_helpers, name="household_helpers"),
    path("import/", exchange_views.import_page, name="import"),
    path("export/", exchange_views.export_download, name="export"),
]
