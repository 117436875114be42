from django.urls import path

from . import views

app_name = "sponsors"

urlpatterns = [
    path("advertise/", views.advertise, name="advertise"),
    path("advertise/enquiry/", views.enquiry_post, name="enquiry"),
    path("advertise/thanks/", views.thanks, name="thanks"),
    path("sponsors/<int:pk>/go/", views.go, name="go"),
]
