from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("", views.my_coaches, name="mine"),
    path("join/", views.join, name="join_form"),
    path("join/<str:code>/", views.join, name="join"),
    path("relationships/<uuid:pk>/end/", views.relationship_end, name="end"),
    path("comments/<uuid:pk>/read/", views.comment_read, name="comment_read"),
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.invite_create, name="invite"),
    path("members/<uuid:member_id>/", views.member_detail, name="member"),
    path("members/<uuid:member_id>/progress/", views.member_progress, name="progress"),
    # By lower-cased name, as on the member's own progress pages.
    path("members/<uuid:member_id>/progress/<path:name>/", views.member_exercise, name="exercise"),
    path("members/<uuid:member_id>/assign/", views.plan_assign, name="assign"),
    path("members/<uuid:member_id>/sessions/<uuid:session_id>/", views.session_detail, name="session"),
    path("members/<uuid:member_id>/sessions/<uuid:session_id>/comment/", views.comment_add, name="comment"),
]
