from django.urls import path

from . import history, views

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search_results, name="search"),
    path("historique/supprimes/", history.deleted_list_view, name="deleted_list"),
    path(
        "historique/supprimes/<str:app_label>/<str:model_name>/<int:history_id>/restaurer/",
        history.restore_view,
        name="restore_deleted",
    ),
    path("historique/<str:app_label>/<str:model_name>/<int:pk>/", history.history_view, name="history"),
]
