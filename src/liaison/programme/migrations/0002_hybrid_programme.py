"""The hybrid programme: ``session`` becomes ``thematic_session`` (data migrated), people get
their part in an item (a through model; existing links kept as speakers), languages,
interpretation, online only, channels, video messages with subtitles and the stage."""

import django.db.models.deletion
import i18nfield.fields
from django.db import migrations, models

import liaison.programme.models

KINDS = [
    ("opening", "Opening"),
    ("video_message", "Video message"),
    ("speech", "Speech"),
    ("presiding", "Presiding"),
    ("panel", "Panel"),
    ("thematic_session", "Thematic session"),
    ("matchmaking", "Matchmaking"),
    ("break", "Break"),
    ("closing", "Closing"),
]


def rename_kind(apps, schema_editor, old="session", new="thematic_session"):
    AgendaItem = apps.get_model("programme", "AgendaItem")
    AgendaItem.objects.filter(kind=old).update(kind=new)


def unrename_kind(apps, schema_editor):
    rename_kind(apps, schema_editor, old="thematic_session", new="session")


def copy_people(apps, schema_editor):
    AgendaItem = apps.get_model("programme", "AgendaItem")
    ItemPerson = apps.get_model("programme", "ItemPerson")
    Through = AgendaItem.old_people.through
    parts = {"video_message": "principal", "presiding": "chair", "opening": "chair"}
    rows = []
    for link in Through.objects.select_related("agendaitem").order_by("id"):
        item = link.agendaitem
        rows.append(
            ItemPerson(
                item_id=item.pk,
                person_id=link.person_id,
                part=parts.get(item.kind, "speaker"),
                position=len([r for r in rows if r.item_id == item.pk]),
            )
        )
    ItemPerson.objects.bulk_create(rows)


def copy_people_back(apps, schema_editor):
    AgendaItem = apps.get_model("programme", "AgendaItem")
    ItemPerson = apps.get_model("programme", "ItemPerson")
    Through = AgendaItem.old_people.through
    Through.objects.bulk_create(
        Through(agendaitem_id=r.item_id, person_id=r.person_id) for r in ItemPerson.objects.all()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0003_event_registration_settings"),
        ("programme", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="agendaitem", name="agenda_item_kind_known"),
        migrations.AlterField(
            model_name="agendaitem",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.RunPython(rename_kind, unrename_kind),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", [k for k, _ in KINDS])),
                name="agenda_item_kind_known",
            ),
        ),
        # People with their part: a through model replaces the plain many-to-many.
        migrations.RenameField(model_name="agendaitem", old_name="people", new_name="old_people"),
        migrations.AlterField(
            model_name="agendaitem",
            name="old_people",
            field=models.ManyToManyField(blank=True, related_name="+", to="events.person"),
        ),
        migrations.CreateModel(
            name="ItemPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("part", models.CharField(choices=[("speaker", "Speaker"), ("chair", "Chair"), ("moderator", "Moderator"), ("panellist", "Panellist"), ("principal", "Principal")], default="speaker", max_length=12)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("item", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="participants", to="programme.agendaitem")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="item_parts", to="events.person")),
            ],
            options={
                "ordering": ["item", "position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("item", "person"), name="item_person_once"),
                    models.CheckConstraint(condition=models.Q(("part__in", ["speaker", "chair", "moderator", "panellist", "principal"])), name="item_person_part_known"),
                ],
            },
        ),
        migrations.RunPython(copy_people, copy_people_back),
        migrations.RemoveField(model_name="agendaitem", name="old_people"),
        migrations.AddField(
            model_name="agendaitem",
            name="people",
            field=models.ManyToManyField(blank=True, related_name="agenda_items", through="programme.ItemPerson", to="events.person"),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="description",
            field=i18nfield.fields.I18nTextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="online_only",
            field=models.BooleanField(default=False, verbose_name="online only"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="languages",
            field=models.JSONField(blank=True, default=list, verbose_name="languages spoken"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="interpretation",
            field=models.BooleanField(default=False, verbose_name="interpretation offered"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="stream_url",
            field=models.URLField(blank=True, verbose_name="stream URL"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="jitsi_room",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.CreateModel(
            name="VideoMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(max_length=200, upload_to=liaison.programme.models.video_path)),
                ("container", models.CharField(max_length=10)),
                ("video_codec", models.CharField(max_length=20)),
                ("audio_codec", models.CharField(blank=True, max_length=20)),
                ("duration", models.FloatField(help_text="seconds")),
                ("size", models.BigIntegerField()),
                ("width", models.PositiveIntegerField(default=0)),
                ("height", models.PositiveIntegerField(default=0)),
                ("uploaded_at", models.DateTimeField(auto_now=True)),
                ("item", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="video", to="programme.agendaitem")),
            ],
        ),
        migrations.CreateModel(
            name="Subtitles",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(choices=[("en", "English"), ("zh-hans", "Simplified Chinese"), ("ja", "Japanese")], max_length=10)),
                ("file", models.FileField(max_length=200, upload_to=liaison.programme.models.subtitle_path)),
                ("video", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="subtitles", to="programme.videomessage")),
            ],
            options={
                "verbose_name_plural": "subtitles",
                "ordering": ["video", "language"],
                "constraints": [models.UniqueConstraint(fields=("video", "language"), name="subtitles_once")],
            },
        ),
        migrations.CreateModel(
            name="Stage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stream_url", models.URLField(blank=True, verbose_name="stream URL")),
                ("jitsi_room", models.CharField(default=liaison.programme.models.new_room_name, max_length=80)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("event", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="stage", to="events.event")),
                ("now_item", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="programme.agendaitem")),
            ],
        ),
    ]
