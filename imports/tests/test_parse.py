"""Reading export files: every shape of every app, to the exact workouts, sets and skipped rows,
from the hand-made files in `data/` (written from the facts of docs on each format)."""

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.parse import parse
from imports.parsed import (
    DROP,
    FAILURE,
    WARMUP,
    FileRefused,
    ParsedExercise,
    ParsedSet,
    ParsedWorkout,
    Skipped,
)

DATA = Path(__file__).parent / "data"
UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))


def at(*parts, tz=None):
    return dt.datetime(*parts, tzinfo=tz)


def W(line, start, name, exercises, **details):
    return ParsedWorkout(line=line, start=start, name=name, exercises=exercises, **details)


def E(name, sets, **details):
    return ParsedExercise(name=name, sets=[ParsedSet(exercise=name, **s) for s in sets], **details)


def S(line, **fields):
    return {"line": line, **fields}


def kg(weight, reps, line, **more):
    return S(line, weight=D(weight), weight_unit="kg", reps=reps, **more)


def lb(weight, reps, line, **more):
    return S(line, weight=D(weight), weight_unit="lb", reps=reps, **more)


def bare(weight, reps, line, **more):  # a weight in no stated unit (Strong's classic shapes)
    return S(line, weight=None if weight is None else D(weight), reps=reps, **more)


CASES = {
    "strong_legacy.csv": {
        "app": "strong",
        "shape": "legacy",
        "unit": "kg",
        "lines": 5,
        "workouts": [
            W(
                2,
                at(2016, 5, 2, 18, 30),
                "Legs",
                [
                    E("Squat (Barbell)", [kg("60", 5, 2), kg("62.5", 5, 3, note="Felt good")]),
                    E("Running", [S(4, distance=D("3.2"), distance_unit="km", seconds=1200)]),
                ],
            )
        ],
        "skipped": [Skipped(5, "empty set")],
    },
    "strong_a.csv": {
        "app": "strong",
        "shape": "A",
        "unit": None,
        "unit_guess": "kg",
        "lines": 12,
        "notices": ["1 RPE value outside 1 to 10 was left out."],
        "workouts": [
            W(
                5,
                at(2024, 3, 4, 7, 15),
                "Push",
                [
                    E(
                        "Bench Press (Barbell)",
                        [
                            bare("40", 10, 5, set_type=WARMUP),
                            bare("60", 8, 6, rpe=D(8), note="Paused\nreps"),
                            bare("62.5", 6, 9),
                            bare("62.5", 4, 10, set_type=FAILURE),
                        ],
                    ),
                    E("Treadmill", [S(11, distance=D("1.5"), seconds=600)]),
                ],
                duration_seconds=3900,
                note="Morning, before work",
            ),
            W(
                12,
                at(2024, 3, 5, 7),
                "Morning Run",
                [E("Running", [S(12, distance=D(5), seconds=1500)])],
                duration_seconds=1200,
            ),
            W(
                2,
                at(2024, 3, 5, 18),
                "Evening Pull 💪",
                [E("Deadlift (Barbell)", [bare("140", 5, 2), bare("142.5", 3, 3, rpe=D("9.5"))], note="Hook grip")],
                duration_seconds=2700,
            ),
        ],
        "skipped": [Skipped(4, "note"), Skipped(8, "rest timer")],
    },
    "strong_a2025.csv": {
        "app": "strong",
        "shape": "A2025",
        "unit": None,
        "unit_guess": "lb",
        "lines": 8,
        "workouts": [
            W(
                2,
                at(2025, 6, 1, 10),
                "Full Body",
                [
                    E(
                        "Squat (Barbell)",
                        [
                            bare("225", 5, 2),
                            bare("225", 5, 3),
                            bare("135", 5, 4, set_type=WARMUP),
                            bare("225", 5, 5, rpe=D("7.5")),
                        ],
                    ),
                    E("Lat Pulldown (Cable)", [bare("100", 12, 6), bare("80", 10, 7, set_type=DROP)]),
                ],
                duration_seconds=31 * 60,
            ),
            W(8, at(2025, 6, 2, 9), "Long Session", [E("Plank", [S(8, seconds=60)])], duration_seconds=9480),
        ],
    },
    "strong_a_de.csv": {
        "app": "strong",
        "shape": "A-de",
        "unit": None,
        "unit_guess": "kg",
        "lines": 5,
        "workouts": [
            W(
                2,
                at(2023, 11, 20, 17, 45, 12),
                "Oberkörper",
                [
                    E("Bankdrücken (Langhantel)", [bare("80", 8, 2), bare("82.5", 6, 4, note="Schulter zwickt")]),
                    E("Klimmzüge", [bare(None, 10, 5)]),
                ],
                duration_seconds=3720,
                note="Schöner Tag",
            )
        ],
        "skipped": [Skipped(3, "rest timer")],
    },
    "strong_b.csv": {
        "app": "strong",
        "shape": "B",
        "unit": "mixed",
        "lines": 5,
        "workouts": [
            W(
                2,
                at(2024, 1, 10, 19),
                "Leg Day",
                [
                    E("Squat (Barbell)", [kg("100", 5, 2), kg("102.5", 5, 3, rpe=D("8.5"))]),
                    E("Leg Press", [lb("200", 10, 4)]),
                    E("Cycling", [S(5, distance=D(10), distance_unit="km", seconds=1800)]),
                ],
                duration_seconds=4200,
                note="Deep; slow",
            )
        ],
    },
    "strong_b_noduration.csv": {
        "app": "strong",
        "shape": "B-noduration",
        "unit": "kg",
        "lines": 8,
        "workouts": [
            W(
                2,
                at(2024, 2, 12, 6, 30),
                "Rücken",
                [
                    E(
                        "Rudern vorgebeugt",
                        [kg("70", 10, 3), kg("50", 12, 4, set_type=DROP), kg("50", 8, 6, set_type=FAILURE)],
                        note="Griff eng; Rücken gerade",
                    ),
                    E("Rudergerät", [S(8, distance=D(2000), distance_unit="m", seconds=480)]),
                ],
            )
        ],
        "skipped": [Skipped(2, "note"), Skipped(5, "rest timer")],
    },
    "strong_c.csv": {
        "app": "strong",
        "shape": "C",
        "unit": "kg",
        "lines": 5,
        "workouts": [
            W(
                3,
                at(2025, 7, 1, 7),
                "Pump",
                [
                    E("Row (Machine)", [kg("50", 10, 3), kg("52.5", 8, 5)]),
                    E("Rowing (Ergometer)", [S(4, distance=D(2000), distance_unit="m", seconds=480)]),
                ],
                duration_seconds=2400,
                note="Early",
            ),
            W(2, at(2025, 7, 1, 18), "Pump", [E("Curl (Dumbbell)", [kg("12.5", 12, 2)])], duration_seconds=1800),
        ],
    },
    "strong_c_lb.csv": {
        "app": "strong",
        "shape": "C",
        "unit": "lb",
        "lines": 6,
        "workouts": [
            W(
                2,
                at(2025, 8, 4, 17, 30),
                "Arms 💪🏽",
                [
                    E("Curl (Dumbbell)", [lb("40", 10, 2), lb("42.5", 8, 3, rpe=D(9), note="Grip slipped")]),
                    E("Bench Press (Barbell)", [lb("135", 8, 4), lb("225", 3, 5)]),
                    E("Walk", [S(6, distance=D("1609.344"), distance_unit="m", seconds=900)]),
                ],
                duration_seconds=3000,
            )
        ],
    },
    "hevy.csv": {
        "app": "hevy",
        "shape": "v1",
        "unit": "kg",
        "lines": 10,
        "workouts": [
            W(
                9,
                at(2025, 3, 3, 7, 5),
                "Beine",
                [
                    E(
                        "Squat (Barbell)",
                        [kg("100", 5, 9), kg("100", 3, 10, set_type=FAILURE, rpe=D(10))],
                        note="Knie raus\ntief",
                    )
                ],
                end=at(2025, 3, 3, 8),
            ),
            W(
                8,
                at(2025, 9, 15, 23, 48),
                "Late Run",
                [E("Running", [S(8, distance=D("5.2"), distance_unit="km", seconds=2520)])],
                end=at(2025, 9, 16, 0, 30),
            ),
            W(
                2,
                at(2026, 6, 11, 13, 1),
                "Push 🔥",
                [
                    E("Warm Up", [S(2, seconds=300)]),
                    E(
                        "Bench Press (Barbell)",
                        [kg("40", 10, 3, set_type=WARMUP), kg("80", 5, 5, rpe=D("9.5"))],
                        superset=0,
                        note="Elbows in\ntouch chest",
                    ),
                    E("Triceps Pushdown (Cable)", [kg("30", 12, 7, set_type=DROP)], superset=0),
                ],
                end=at(2026, 6, 11, 14, 15),
                note="Good session\nnew PR",
            ),
        ],
    },
    "fitnotes_v1.csv": {
        "app": "fitnotes",
        "shape": "v1",
        "unit": "kg",
        "lines": 6,
        "notices": ["Line 4: an exercise name with a comma was not quoted; its parts were joined back into one name."],
        "workouts": [
            W(
                2,
                at(2024, 2, 1),
                "",
                [
                    E(
                        "Flat Barbell Bench Press",
                        [kg("80", 5, 2), kg("80", 5, 3, note="Last rep slow, spotter helped")],
                    ),
                    E("Row, Seated Cable", [kg("55", 10, 4)]),
                    E("Treadmill", [S(5, distance=D(2), distance_unit="km", seconds=750)]),
                ],
            ),
            W(6, at(2024, 2, 3), "", [E("Plank", [S(6, seconds=90)])]),
        ],
    },
    "fitnotes_v2.csv": {
        "app": "fitnotes",
        "shape": "v2",
        "unit": "mixed",
        "lines": 4,
        "workouts": [
            W(
                2,
                at(2024, 5, 6),
                "",
                [
                    E("Deadlift", [lb("315", 3, 2), kg("140", 3, 3)]),
                    E("Cycling", [S(4, distance=D(10), distance_unit="mi", seconds=2400)]),
                ],
            )
        ],
    },
    "stronglifts_kg.csv": {
        "app": "stronglifts",
        "shape": "v1",
        "unit": "kg",
        "lines": 5,
        "workouts": [
            W(
                4,
                at(2024, 9, 2, 18, 5),
                "Workout A",
                [
                    E("Squat", [kg("60", 5, 4)] * 5),
                    E("Bench Press", [kg("40", 5, 5)] * 3 + [kg("40", 4, 5)] * 2),
                ],
                end=at(2024, 9, 2, 18, 50),
                duration_seconds=2700,
                note="Felt strong",
            ),
            W(
                2,
                at(2024, 9, 4, 7, 10),
                "Workout B",
                [E("Deadlift", [kg("100", 5, 2)]), E("Plank", [S(3, seconds=45), S(3, seconds=60)])],
                end=at(2024, 9, 4, 7, 40),
                duration_seconds=1800,
            ),
        ],
    },
    "stronglifts_lb.csv": {
        "app": "stronglifts",
        "shape": "v1",
        "unit": "lb",
        "lines": 3,
        "notices": [
            "2 start or end times without AM or PM were read as 24-hour times (7:30 as morning): "
            "check those workouts' times."
        ],
        "workouts": [
            W(
                2,
                at(2024, 10, 7, 18, 5),
                "Workout A",
                [E("Squat", [lb("135", 5, 2)] * 5)],
                end=at(2024, 10, 7, 19, 20),
                duration_seconds=4500,
            ),
            W(
                3,
                at(2024, 10, 8, 7, 10),
                "Workout B",
                [E("Overhead Press", [lb("65", 5, 3)] * 5)],
                end=at(2024, 10, 8, 7, 40),
                duration_seconds=1800,
            ),
        ],
    },
    "liftosaur.csv": {
        "app": "liftosaur",
        "shape": "v1",
        "unit": "mixed",
        "lines": 5,
        "naive_times": False,
        "workouts": [
            W(5, at(2025, 11, 3, 18, tz=UTC), "GZCLP – Day 4", [E("Bench Press", [lb("135", 5, 5)])]),
            W(
                2,
                dt.datetime(2025, 11, 5, 7, 28, 35, 243000, tzinfo=UTC),
                "GZCLP – Day 1",
                [
                    E(
                        "Squat",
                        [
                            lb("45", 5, 2, set_type=WARMUP, logged_at=at(2025, 11, 5, 7, 30, 1, tz=UTC)),
                            kg("100", 3, 3, rpe=D("8.5"), logged_at=at(2025, 11, 5, 7, 35, 10, tz=UTC)),
                        ],
                        note="Belt on",
                    )
                ],
            ),
        ],
        "skipped": [Skipped(4, "not done")],
    },
    "atomic.csv": {
        "app": "atomic",
        "shape": "v1",
        "unit": "kg",
        "lines": 11,
        "naive_times": False,
        "workouts": [
            W(
                2,
                at(2026, 1, 31, 23, 30, tz=CET),
                "Late Lift",
                [
                    E(
                        "Back Squat",
                        [
                            kg("60", 5, 2, set_type=WARMUP, logged_at=at(2026, 1, 31, 23, 35, tz=CET)),
                            kg("100", 5, 4, rpe=D("8.5"), logged_at=at(2026, 1, 31, 23, 41, tz=CET)),
                        ],
                    ),
                    E(
                        "Dip",
                        [
                            S(
                                6,
                                weight_unit="kg",
                                reps=8,
                                added_weight=D(10),
                                body_weight=D("82.5"),
                                logged_at=at(2026, 1, 31, 23, 50, tz=CET),
                            )
                        ],
                        superset=1,
                    ),
                    E("Face Pull", [kg("25", 15, 8, done=False)], superset=1),
                    E(
                        "Rowing Machine",
                        [
                            S(
                                10,
                                distance=D(2000),
                                distance_unit="m",
                                seconds=480,
                                logged_at=at(2026, 2, 1, 0, 30, tz=CET),
                            )
                        ],
                    ),
                ],
                end=at(2026, 2, 1, 0, 40, tz=CET),
                note="Quiet gym,\nnew shoes 👟",
                date=dt.date(2026, 1, 31),
            )
        ],
    },
}


@pytest.mark.parametrize("file_name", CASES)
def test_each_shape_reads_to_the_exact_workouts(file_name):
    expected = CASES[file_name]
    with (DATA / file_name).open("rb") as data:
        parsed = parse(data, name=file_name)
    assert (parsed.app, parsed.shape) == (expected["app"], expected["shape"])
    assert parsed.unit == expected["unit"]
    assert parsed.unit_guess == expected.get("unit_guess")
    assert bool(parsed.unit_guess_reason) == ("unit_guess" in expected)
    assert parsed.lines == expected["lines"]
    assert parsed.naive_times == expected.get("naive_times", True)
    assert parsed.notices == expected.get("notices", [])
    assert parsed.skipped == expected.get("skipped", [])
    assert [w.name for w in parsed.workouts] == [w.name for w in expected["workouts"]]
    for got, want in zip(parsed.workouts, expected["workouts"], strict=True):
        assert got.exercises == want.exercises, want.name
        assert got == want


def test_the_unit_guess_says_why():
    with (DATA / "strong_a2025.csv").open("rb") as data:
        parsed = parse(data)
    assert parsed.unit_guess_reason == (
        "0% of the weights fall between multiples of 5 by 2.5 (as 1.25 kg plates give), 67% end in 5 like "
        "45, 135 or 225 (as 45 lb plates give), and the heaviest is 225: pounds are likelier."
    )


def read(text, *, encoding="utf-8"):
    return parse(io.BytesIO(text.encode(encoding) if isinstance(text, str) else text), name="export.csv")


STRONG_A = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
ROW = "2024-03-04 07:15:00,Push,1h,Bench Press (Barbell),1,60,8,0,0,,,\n"


def test_german_strong_on_ios_names_its_duration_dauer():
    parsed = read(
        "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,Sekunden,"
        "Notizen,Workout-Notizen,RPE\n2023-11-20 17:45:12,Beine,35m,Kniebeuge,1,100,5,0,0,,,"
    )
    assert (parsed.shape, parsed.workouts[0].duration_seconds, parsed.sets[0].weight) == ("A-de", 2100, D(100))


def test_durations_in_every_spelling():
    rows = [
        f"2024-03-0{day} 07:15:00,Push,{duration},Bench,1,60,8,0,0,,,\n"
        for day, duration in enumerate(["2h 38m", "1h", "35m", "20s", "31min", "4500", "1 Std. 5 Min."], start=1)
    ]
    parsed = read(STRONG_A + "".join(rows))
    assert [w.duration_seconds for w in parsed.workouts] == [9480, 3600, 2100, 20, 1860, 4500, 3900]


def test_columns_are_matched_by_name_in_any_order_and_spelling():
    parsed = read(
        "reps,WEIGHT,set order,exercise_name,date,workout name,duration,distance,seconds\n"
        "5,60,1,Squat,2024-01-01 10:00:00,Legs,1h,,\n"
    )
    assert (parsed.shape, parsed.sets[0].exercise, parsed.sets[0].weight, parsed.sets[0].reps) == (
        "A2025",
        "Squat",
        D(60),
        5,
    )


def test_utf16_with_a_bom_and_crlf_lines():
    parsed = read(("\ufeff" + STRONG_A + ROW).replace("\n", "\r\n"), encoding="utf-16-le")
    assert (parsed.shape, parsed.lines, parsed.sets[0].weight) == ("A", 2, D(60))


def test_a_latin1_file_is_read_as_windows_1252_with_a_notice():
    parsed = read(STRONG_A + ROW.replace("Bench Press (Barbell)", "Bankdrücken"), encoding="latin-1")
    assert parsed.sets[0].exercise == "Bankdrücken"
    assert parsed.notices == ["The file is not UTF-8: it was read as Windows-1252 (check accented letters in names)."]


def test_an_unreadable_date_skips_the_row_only():
    parsed = read(STRONG_A + ROW + ROW.replace("2024-03-04 07:15:00", "4th of March"))
    assert parsed.skipped == [Skipped(3, "unreadable date “4th of March”")]
    assert len(parsed.sets) == 1


def test_reps_out_of_range_or_not_whole_skip_the_row():
    parsed = read(STRONG_A + ROW.replace(",8,", ",5000,") + ROW.replace(",8,", ",-3,") + ROW.replace(",8,", ",7.5,"))
    assert parsed.skipped == [
        Skipped(2, "reps out of range"),
        Skipped(3, "reps out of range"),
        Skipped(4, "reps not a whole number “7.5”"),
    ]


def test_hevy_in_pounds_and_miles():
    parsed = read(
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
        'weight_lbs,reps,distance_miles,duration_seconds,rpe\n"Legs","Jun 1, 2026, 12:05 AM","Jun 1, 2026, 1:10 AM",'
        '"","Squat (Barbell)",,"",0,"normal",225,5,,,\n'
        '"Legs","Jun 1, 2026, 12:05 AM","Jun 1, 2026, 1:10 AM","","Walk",,"",0,"normal",,,1.5,1800,'
    )
    assert parsed.unit == "lb"
    assert parsed.workouts[0].start == at(2026, 6, 1, 0, 5)
    assert [(s.weight, s.weight_unit, s.distance, s.distance_unit) for s in parsed.sets] == [
        (D(225), "lb", None, None),
        (None, None, D("1.5"), "mi"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Sep 2025, 07:48", at(2025, 9, 15, 7, 48)),
        ("Jun 11, 2026, 1:01 PM", at(2026, 6, 11, 13, 1)),
        ("Dec 1, 2025, 12:30 AM", at(2025, 12, 1, 0, 30)),
        ("Dec 1, 2025, 12:30 PM", at(2025, 12, 1, 12, 30)),
        ("15 Sept 2025, 7:48", at(2025, 9, 15, 7, 48)),
        ("15. März 2025, 07:48", at(2025, 3, 15, 7, 48)),
        ("15 déc. 2025, 18:02", at(2025, 12, 15, 18, 2)),
        ("15 févr. 2025, 18:02", at(2025, 2, 15, 18, 2)),
        ("3 juil. 2025, 9:00", at(2025, 7, 3, 9)),
        ("5 ene 2026, 18:30", at(2026, 1, 5, 18, 30)),
        ("5 de ago. de 2026, 6:30 p. m.", at(2026, 8, 5, 18, 30)),
        ("12 ott 2025, 06:00", at(2025, 10, 12, 6)),
        ("12 out. 2025, 06:00", at(2025, 10, 12, 6)),
        ("12 mei 2025, 06:00", at(2025, 5, 12, 6)),
        ("12 mrt 2025, 06:00", at(2025, 3, 12, 6)),
        ("12 paź 2025, 06:00", at(2025, 10, 12, 6)),
        ("12 września 2025, 06:00", at(2025, 9, 12, 6)),
        ("12 сент. 2025 г., 06:00", at(2025, 9, 12, 6)),
        ("1 мая 2025 г., 06:00", at(2025, 5, 1, 6)),
        ("2025-09-15 07:48", at(2025, 9, 15, 7, 48)),
    ],
)
def test_hevy_dates_in_their_languages(text, expected):
    header = "title,start_time,exercise_title,set_index,weight_kg,reps\n"
    parsed = read(f'{header}Legs,"{text}",Squat,0,100,5\n')
    assert parsed.workouts[0].start == expected


def test_hevy_exercise_notes_with_a_literal_backslash_n():
    parsed = read(
        "title,start_time,exercise_title,exercise_notes,set_index,weight_kg,reps\n"
        'Legs,"1 Jan 2026, 7:00",Squat,"Brace\\nbreathe",0,100,5\n'
    )
    assert parsed.workouts[0].exercises[0].note == "Brace\nbreathe"


def test_django_uploads_are_read():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("strong.csv", (STRONG_A + ROW).encode())
    assert parse(upload, name=upload.name).sets[0].reps == 8


def test_a_header_only_file_has_no_workouts():
    parsed = read(STRONG_A)
    assert (parsed.workouts, parsed.lines) == ([], 1)


def test_a_row_one_field_short_is_read_with_a_notice():
    parsed = read(STRONG_A + ROW.rstrip(",\n") + ",,\n")
    assert parsed.sets[0].reps == 8
    assert parsed.notices == ["1 row lacked the last field (first on line 2): it was read as empty."]


# Files refused -------------------------------------------------------------------------------


def refused(data):
    with pytest.raises(FileRefused) as caught:
        read(data)
    return caught.value


def test_an_empty_file_is_refused():
    assert (refused(b"").message, refused(b"").line) == ("The file is empty.", None)


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", STRONG_A.encode() + b"\x00\x00"]
)
def test_binary_data_is_refused(data):
    assert refused(data).message.startswith("This is not a CSV file: it holds binary data.")


def test_an_unknown_header_names_the_apps():
    error = refused("Foo,Bar,Baz,Qux,Quux\n1,2,3,4,5\n")
    assert error.message == (
        "The header does not match an export of Strong, Hevy, FitNotes, StrongLifts 5×5, Liftosaur or "
        "Atomic Gym Tracker. It starts: Foo, Bar, Baz, Qux, …."
    )
    assert error.line == 1


def test_a_file_resaved_with_tabs_is_refused_naming_the_delimiter():
    with (DATA / "strong_b.csv").open("rb") as data:
        tabbed = data.read().replace(b";", b"\t")
    error = refused(tabbed)
    assert error.message.startswith("The header does not match an export of Strong, Hevy")
    assert "separated by tabs, where these apps use commas or semicolons" in error.message


def test_a_file_cut_inside_a_quoted_note_is_refused():
    with (DATA / "strong_a.csv").open("rb") as data:
        cut = data.read().split(b"Paused")[0] + b"Paused"
    error = refused(cut)
    assert error.message == "The file ends inside a quoted field that starts on line 6: was it cut short?"
    assert error.line == 6


def test_a_row_with_too_many_fields_is_refused():
    error = refused(STRONG_A + ROW + ROW.replace("Push", "Push,Pull"))
    assert error.message == "Line 3 has 13 fields where the header has 12: is a name with a comma not quoted?"
    assert error.line == 3


def test_a_row_with_too_few_fields_is_refused():
    error = refused(STRONG_A + ROW + "2024-03-04 07:15:00,Push,1h\n")
    assert error.message == "Line 3 has 3 fields where the header has 12: was the line cut short?"


def test_a_line_over_a_megabyte_is_refused():
    error = refused(STRONG_A + ROW.replace("1,60,8,0,0,,", "1,60,8,0,0," + "x" * (1 << 20) + ","))
    assert (error.line, error.message.startswith("Line 2 is longer than 1 MB")) == (2, True)


def test_a_field_over_a_megabyte_on_many_lines_is_refused():
    note = ("y" * 1000 + "\n") * 1100
    error = refused(STRONG_A + ROW + ROW.replace("1,60,8,0,0,,", f'1,60,8,0,0,"{note}",'))
    assert error.line == 3
    assert "longer than 1 MB" in error.message


def test_bytes_neither_utf8_nor_windows_1252_are_refused_naming_the_line():
    error = refused(STRONG_A.encode() + ROW.encode() + b"2024-03-04 07:15:00,Push,1h,Bench \x81\x8d,1,60,8,0,0,,,\n")
    assert error.line == 3
    assert "not UTF-8" in error.message


def test_a_fitnotes_row_that_no_repair_fits_is_refused():
    error = refused(
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
        "2024-02-01,Bench,Chest,80.0,5,heavy,,,,\n"
    )
    assert error.line == 2
    assert "has 10 fields where the header has 9" in error.message


def test_a_file_whose_dates_all_fail_is_refused():
    error = refused(STRONG_A + ROW.replace("2024-03-04 07:15:00", "04/03/2024 07:15") * 2)
    assert error.line == 2
    assert error.message == (
        "No row has a date that can be read: line 2 has an unreadable date “04/03/2024 07:15”; expected a "
        "date such as 2025-09-15 07:48:00."
    )


def test_the_csv_field_limit_is_left_as_it_was():
    import csv

    before = csv.field_size_limit()
    read(STRONG_A + ROW)
    assert csv.field_size_limit() == before


# Any input: a Parsed or a FileRefused, nothing else ----------------------------------------------

FIXTURES = sorted(p.read_bytes() for p in DATA.glob("*.csv"))
HEADERS = [f.split(b"\n")[0].lstrip(b"\xef\xbb\xbf") + b"\n" for f in FIXTURES]


def parse_or_refuse(data):
    try:
        parsed = parse(io.BytesIO(data))
    except FileRefused as error:
        refusal = error
    else:
        refusal = None
    if refusal is not None:
        assert refusal.message
        assert refusal.line is None or refusal.line >= 1
        return
    assert parsed.lines >= 1
    assert all(w.exercises and all(e.sets for e in w.exercises) for w in parsed.workouts)
    assert [w.start for w in parsed.workouts] == sorted(w.start for w in parsed.workouts)


@given(st.binary(max_size=2000))
@settings(deadline=None, max_examples=300)
def test_random_bytes(data):
    parse_or_refuse(data)


@given(
    st.sampled_from(FIXTURES),
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(["put", "cut", "swap"]), st.binary(max_size=3)), max_size=6
    ),
)
@settings(deadline=None, max_examples=400)
def test_mutated_exports(fixture, mutations):
    data = bytearray(fixture)
    for position, kind, chunk in mutations:
        at_ = position % (len(data) + 1)
        if kind == "put":
            data[at_:at_] = chunk
        elif kind == "cut":
            del data[at_ : at_ + len(chunk) + 1]
        else:
            data[at_ : at_ + len(chunk)] = chunk
    parse_or_refuse(bytes(data))


@given(
    st.sampled_from(HEADERS),
    st.text(alphabet=st.sampled_from(list(',;"\n\r 0123456789.:-/abcWDF kglbs\\ü💪')), max_size=400),
)
@settings(deadline=None, max_examples=400)
def test_known_headers_with_random_rows(header, rows):
    parse_or_refuse(header + rows.encode())
