"""The public newsroom, under /{language}/news/ (included before the event site's pages)."""

from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed.atom", views.news_feed, name="feed"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/print/", views.article_print, name="print"),
    path("<slug:slug>/images/<int:image_id>/", views.image, name="image"),
]
