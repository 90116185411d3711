//! Reading time axes: TOML date-times, ISO strings, epoch numbers, zones, and their errors; the
//! figure's size.

use crate::chart::{XValues, read_for_tests};

fn xs(text: &str) -> (Vec<f64>, bool) {
    let figure = read_for_tests(text).unwrap_or_else(|e| panic!("{e:?}"));
    let panel = &figure.panels[0];
    let XValues::Numbers(x) = &panel.series[0].x else {
        panic!("categories")
    };
    (x.clone(), panel.x_axis.time.is_some())
}

fn error(text: &str) -> String {
    let errors = read_for_tests(text).unwrap_err();
    format!("`{}`: {}", errors[0].key, errors[0].message)
}

const T0: f64 = 1_793_491_200.0; // 2026-11-01T00:00:00Z

#[test]
fn toml_date_times_make_a_time_axis() {
    let (x, time) = xs(
        "type = \"line\"\nx = [2026-11-01T00:00:00Z, 2026-11-01T06:00:00Z, 2026-11-02]\ny = [1, 2, 3]\n",
    );
    assert!(time);
    assert_eq!(x, [T0, T0 + 6.0 * 3600.0, T0 + 86_400.0]);
}

#[test]
fn iso_strings_make_a_time_axis_and_are_placed_by_time() {
    // Irregular samples keep their true spacing.
    let (x, time) = xs(
        "type = \"scatter\"\nx = [\"2026-11-01T00:00Z\", \"2026-11-01T00:01Z\", \"2026-11-01T01:00Z\"]\ny = [1, 2, 3]\n",
    );
    assert!(time);
    assert_eq!(x, [T0, T0 + 60.0, T0 + 3600.0]);
    // Not every string a date: categories, as before.
    let figure =
        read_for_tests("type = \"line\"\nx = [\"2026-11-01\", \"later\"]\ny = [1, 2]\n").unwrap();
    assert!(matches!(
        figure.panels[0].series[0].x,
        XValues::Categories(_)
    ));
    assert!(figure.panels[0].x_axis.time.is_none());
}

#[test]
fn epoch_numbers_with_a_declared_time_axis() {
    let (x, time) = xs(
        "type = \"line\"\nx = [1793491200000, 1793491260000]\ny = [1, 2]\nx-axis = { type = \"time\", unit = \"ms\" }\n",
    );
    assert!(time);
    assert_eq!(x, [T0, T0 + 60.0]);
    let (x, time) = xs("type = \"line\"\nx = [1793491200, 1793491260]\ny = [1, 2]\n");
    assert!(!time, "numbers stay numbers unless the axis says time");
    assert_eq!(x, [T0, T0 + 60.0]);
}

#[test]
fn wall_clock_times_are_in_the_axis_zone() {
    let (x, _) = xs(
        "type = \"line\"\nx = [\"2026-11-01T01:00\", \"2026-11-01T02:00\"]\ny = [1, 2]\nx-axis = { timezone = \"Europe/Berlin\" }\n",
    );
    assert_eq!(
        x,
        [T0, T0 + 3600.0],
        "01:00 in Berlin (CET) is midnight UTC"
    );
}

#[test]
fn time_errors_are_located_and_say_what_is_expected() {
    assert_eq!(
        error("type = \"line\"\nx = [2026-11-01, \"soon\"]\ny = [1, 2]\n"),
        "`x[1]`: expected a date or date-time (ISO 8601, e.g. \"2026-11-01\" or \"2026-11-01T06:00:00Z\"), like the other values"
    );
    assert_eq!(
        error(
            "type = \"line\"\nx = [\"2026-11-01\", \"nope\"]\ny = [1, 2]\nx-axis = { type = \"time\" }\n"
        ),
        "`x[1]`: expected a date or date-time (ISO 8601, e.g. \"2026-11-01\" or \"2026-11-01T06:00:00Z\"), found \"nope\""
    );
    assert!(
        error("type = \"line\"\nx = [1, 2]\ny = [1, 2]\nx-axis = { timezone = \"Mars/Base\" }\n")
            .starts_with("`x-axis.timezone`: expected \"UTC\", an offset")
    );
    assert!(
        error("type = \"bar\"\norientation = \"horizontal\"\nx = [2026-11-01, 2026-11-02]\ny = [1, 2]\n")
            .starts_with("`orientation`: bars on a time axis are vertical")
    );
    assert_eq!(
        error(
            "type = \"line\"\nx = [2026-11-01, 2026-11-02]\ny = [1, 2]\nx-axis = { type = \"time\", scale = \"log\" }\n"
        ),
        "`x-axis.scale`: a time axis cannot be logarithmic"
    );
}

#[test]
fn a_range_of_dates() {
    let figure = read_for_tests("type = \"line\"\nx = [1793491200, 1793494800]\ny = [1, 2]\nx-axis = { unit = \"s\", range = [\"2026-11-01\", \"2026-11-02\"] }\n").unwrap();
    let axis = &figure.panels[0].x_axis;
    assert_eq!((axis.min, axis.max), (Some(T0), Some(T0 + 86_400.0)));
    assert!(axis.time.is_some());
}

#[test]
fn a_narrow_pie_is_as_tall_as_a_drawing_may_be_at_least() {
    let size = |text: &str| {
        let figure = read_for_tests(text).unwrap_or_else(|e| panic!("{e:?}"));
        (figure.width, figure.height)
    };
    let pie = "type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, 2]\n";
    // Three quarters of the width, within the default height and the smallest one.
    assert_eq!(size(&format!("{pie}width = 120\n")), (120.0, 100.0));
    assert_eq!(size(&format!("{pie}width = 200\n")), (200.0, 150.0));
    assert_eq!(size(&format!("{pie}width = 1000\n")), (1000.0, 400.0));
    assert_eq!(size(pie), (640.0, 400.0));
    assert_eq!(
        size(&format!("{pie}width = 120\nheight = 100\n")),
        (120.0, 100.0)
    );
    // Other kinds keep the default height.
    assert_eq!(
        size("type = \"bar\"\ny = [1]\nwidth = 120\n"),
        (120.0, 400.0)
    );
}
