import datetime as dt

import pytest
from django.urls import reverse

from apps.core.richtext import render_markdown
from apps.knowledge.demo import load_demo
from apps.knowledge.models import Article, Page, Topic
from apps.knowledge.selectors import article_list

pytestmark = pytest.mark.django_db


def make(slug, *, goals=(), topics=(), published=True, **fields):
    article = Article.objects.create(
        slug=slug,
        title_nl=fields.pop("title_nl", slug),
        summary_nl=fields.pop("summary_nl", "Samenvatting"),
        published=published,
        published_on=dt.date(2025, 1, 1),
        **fields,
    )
    article.goals.set(goals)
    article.topics.set(topics)
    return article


def test_filters_combine_and_unpublished_articles_stay_hidden(client):
    inclusion = Topic.objects.create(slug="inclusie", name_nl="Inclusie", name_en="Inclusion")
    make("a", goals=[10], topics=[inclusion], audience="civil_servants", kind="guide")
    make("b", goals=[10], audience="council")
    make("c", goals=[13])
    make("concept", goals=[10], published=False)
    assert {a.slug for a in article_list(goal=10)} == {"a", "b"}
    assert {a.slug for a in article_list(goal=10, topic="inclusie", kind="guide")} == {"a"}
    assert {a.slug for a in article_list(audience="council")} == {"b", "c"}  # c is for everyone
    body = client.get(reverse("knowledge:list"), {"doel": "10"}).content.decode()
    assert 'href="/kennisbank/a/"' in body and 'href="/kennisbank/concept/"' not in body
    assert client.get(reverse("knowledge:article", args=["concept"])).status_code == 404


def test_search_finds_words_in_either_language(client):
    make("budget", title_nl="De begroting langs de doelen", title_en="The budget along the goals", summary_nl="Taakvelden koppelen")
    make("other", title_nl="Een markt organiseren")
    assert [a.slug for a in article_list(query="begroting")] == ["budget"]
    assert [a.slug for a in article_list(query="budget goals")] == ["budget"]
    assert list(article_list(query="onbekendwoord")) == []
    body = client.get(reverse("knowledge:list"), {"q": "begroting"}).content.decode()
    assert "De begroting langs de doelen" in body and "Een markt organiseren" not in body


@pytest.mark.postgres
def test_postgres_search_uses_stemming():
    make("plural", title_nl="Gemeenten die samenwerken met scholen", summary_nl="Over scholen en bibliotheken")
    assert [a.slug for a in article_list(query="school")] == ["plural"]


def test_bad_filter_values_are_ignored_not_errors(client):
    response = client.get(reverse("knowledge:list"), {"doel": "99", "onderwerp": "<script>", "doelgroep": "x", "soort": "y", "pagina": "abc"})
    assert response.status_code == 200


def test_rich_text_is_sanitised():
    html = render_markdown('## Kop\n\n<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="https://vng.nl" onclick="x">ok</a>')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "onclick" not in html and "<img" not in html
    assert '<h2 class="utrecht-heading-2">Kop</h2>' in html
    assert 'href="https://vng.nl"' in html


def test_article_page_in_both_languages_marks_untranslated_text(client):
    make("alleen-nl", title_nl="Alleen in het Nederlands", body_nl="## Inhoud\n\nTekst.", goals=[3])
    nl = client.get(reverse("knowledge:article", args=["alleen-nl"])).content.decode()
    assert '<h2 class="utrecht-heading-2">Inhoud</h2>' in nl
    en = client.get("/en" + reverse("knowledge:article", args=["alleen-nl"])).content.decode()
    assert 'lang="nl">Alleen in het Nederlands' in en


def test_campaign_pages_are_editable_content(client):
    load_demo(password="x")
    page = Page.objects.get(slug="waarom-meedoen")
    body = client.get(page.get_absolute_url()).content.decode()
    assert "Een internationaal erkend raamwerk" in body and "Een verbindend element" in body
    page.body_nl = "## Nieuwe tekst van het campagneteam"
    page.save()
    assert "Nieuwe tekst van het campagneteam" in client.get(page.get_absolute_url()).content.decode()
    assert "An internationally recognised framework" in client.get("/en" + page.get_absolute_url()).content.decode()


def test_list_queries_are_constant(client, django_assert_max_num_queries):
    topic = Topic.objects.create(slug="t", name_nl="T", name_en="T")
    for index in range(3):
        make(f"s{index}", goals=[1, 2], topics=[topic])
    url = reverse("knowledge:list")
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for index in range(40):
        make(f"l{index}", goals=[3, 4, 5], topics=[topic])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_an_article_links_only_published_examples_and_formats(client):
    from apps.menukaart.models import ActionFormat, Category, PracticeExample
    from tests.factories import MembershipFactory

    home = MembershipFactory().municipality
    category = Category.objects.create(slug="k", name_nl="K", name_en="K")
    shown = ActionFormat.objects.create(slug="zichtbaar", category=category, title_nl="Zichtbaar format", title_en="x", summary_nl="s", summary_en="s", audience="residents", effort="low", cost="none")
    hidden = ActionFormat.objects.create(slug="verborgen", category=category, title_nl="Verborgen format", title_en="x", summary_nl="s", summary_en="s", audience="residents", effort="low", cost="none", published=False)
    published = PracticeExample.objects.create(municipality=home, title="Gepubliceerd voorbeeld", status="published", action_format=shown)
    declined = PracticeExample.objects.create(municipality=home, title="Afgewezen voorbeeld", status="declined")
    article = make("koppelingen")
    article.action_formats.set([shown, hidden])
    article.practice_examples.set([published, declined])
    body = client.get(article.get_absolute_url()).content.decode()
    assert "Zichtbaar format" in body and "Gepubliceerd voorbeeld" in body and home.display_name in body
    assert "Verborgen format" not in body and "Afgewezen voorbeeld" not in body


def test_an_audience_filter_includes_what_is_written_for_everyone():
    make("voor-iedereen", audience="everyone")
    make("voor-raadsleden", audience="council")
    make("voor-inwoners", audience="residents")
    assert {a.slug for a in article_list(audience="council")} == {"voor-iedereen", "voor-raadsleden"}


def test_the_list_runs_the_same_queries_for_2_and_14_articles_with_their_goal_badges(client, django_assert_max_num_queries):
    """The cards' goal badges come from one query on the through table and the filter's goals; no topics are read."""
    topic = Topic.objects.create(slug="inclusie", name_nl="Inclusie", name_en="Inclusion")
    for index in range(2):
        make(f"a{index}", goals=[index + 1, 10], topics=[topic])
    client.get("/kennisbank/")
    with django_assert_max_num_queries(99) as captured:
        client.get("/kennisbank/")
    with_2 = len(captured.captured_queries)
    for index in range(2, 14):
        make(f"a{index:02}", goals=[index % 8 + 1], topics=[topic])
    with django_assert_max_num_queries(with_2):
        response = client.get("/kennisbank/?doel=10")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<span class="goal-badge__number">10</span>') == 2
    assert html.index('<span class="goal-badge__number">1</span>') < html.index('<span class="goal-badge__number">10</span>')
