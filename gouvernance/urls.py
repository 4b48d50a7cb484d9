from django.urls import path

from .views import decisions, instances, weather

app_name = "gouvernance"

urlpatterns = [
    path("", instances.instance_list, name="instance_list"),
    path("schemas/<int:schema_pk>/instances/nouvelle/", instances.instance_create, name="instance_create"),
    path("instances/<int:pk>/", instances.instance_detail, name="instance_detail"),
    path("instances/<int:pk>/modifier/", instances.instance_edit, name="instance_edit"),
    path("instances/<int:pk>/reunions/nouvelle/", instances.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", instances.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", instances.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/decisions/nouvelle/", decisions.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/modifier/", decisions.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/suivi/", decisions.decision_update, name="decision_update"),
    path("schemas/<int:pk>/decisions/", decisions.decision_register, name="decision_register"),
    path("schemas/<int:pk>/decisions/export.<str:fmt>", decisions.decision_export, name="decision_export"),
    path("fiches/<int:pk>/meteo/", weather.fiche_weather, name="fiche_weather"),
]
