from django.urls import path

from admin_usuarios import views

app_name = "admin_usuarios"

urlpatterns = [
    path("<int:pk>/", views.principal, name="principal"),
]
