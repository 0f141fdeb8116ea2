"""RSS 2.0 and Atom feeds of the live articles (the newest 20), in the request's language."""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from smartcity.portal.models import Article


class LatestArticles(Feed):
    def title(self):
        return _("Binh Duong Smart City: news")

    def link(self):
        return reverse("portal-news")

    def description(self):
        return _("News and articles of the Binh Duong Smart City programme")

    def items(self):
        return Article.objects.live().select_related("category")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("portal-article", args=[item.slug])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtom(LatestArticles):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
