//! The console's charts, drawn on the server as SVG markup (server-only: no chart code in the
//! wasm bundle, no chart JavaScript). Plotters draws pictures but cannot put a title, a
//! description or roles on its elements, so the charts are written here as a small tree of
//! SVG elements whose names are fixed in the code and whose text and attribute values are
//! always escaped: data never becomes markup.
//!
//! Every chart is `role="img"` labelled by its `<title>` and `<desc>` (the desc states the
//! figures in words), and the page puts the same figures in a table beside it. Colours are
//! Okabe–Ito's (safe in the common colour-vision deficiencies), and nothing is told by colour
//! alone: the latest week is also labelled with its value and an arrow, the baseline is a
//! dashed line with its own label, p90 is a diamond where p50 is a bar.

use std::fmt::Write;

/// Okabe–Ito blue, orange, vermillion; text in near-black.
const PAST: &str = "#0072B2";
const LATEST: &str = "#E69F00";
const HIGH: &str = "#D55E00";
const INK: &str = "#1f2937";
const GRID: &str = "#d1d5db";

/// One element: a fixed name, attributes, children.
#[derive(Debug, Clone)]
pub struct Node {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    children: Vec<Child>,
}

#[derive(Debug, Clone)]
enum Child {
    Element(Node),
    Text(String),
}

impl Node {
    pub fn new(name: &'static str) -> Self {
        Self { name, attrs: Vec::new(), children: Vec::new() }
    }

    pub fn attr(mut self, name: &'static str, value: impl ToString) -> Self {
        self.attrs.push((name, value.to_string()));
        self
    }

    pub fn child(mut self, node: Node) -> Self {
        self.children.push(Child::Element(node));
        self
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> Self {
        self.children.extend(nodes.into_iter().map(Child::Element));
        self
    }

    /// A text node: escaped when written.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.children.push(Child::Text(text.into()));
        self
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            let _ = write!(out, " {name}=\"{}\"", escape(value));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Child::Element(node) => node.write(out),
                Child::Text(text) => out.push_str(&escape(text)),
            }
        }
        let _ = write!(out, "</{}>", self.name);
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One decimal at most, none when whole.
pub fn number(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

/// A round step for about `ticks` intervals up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(f64::EPSILON);
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The words a chart is drawn with, already in the reader's language.
#[derive(Debug, Clone)]
pub struct ChartWords {
    /// Unique on the page: the title's and desc's ids derive from it.
    pub id: String,
    pub title: String,
    /// The figures in a sentence, for screen readers.
    pub description: String,
    /// The value axis's label, with its unit.
    pub value_axis: String,
    pub category_axis: String,
    /// The baseline's label, e.g. "8-week mean".
    pub baseline: String,
}

fn frame(words: &ChartWords, width: i64, height: i64) -> Node {
    let title_id = format!("{}-title", words.id);
    let desc_id = format!("{}-desc", words.id);
    Node::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", format!("0 0 {width} {height}"))
        .attr("role", "img")
        .attr("aria-labelledby", format!("{title_id} {desc_id}"))
        .attr("class", "chart-svg")
        .attr("font-family", "system-ui, sans-serif")
        .attr("font-size", 13)
        .child(Node::new("title").attr("id", title_id).text(words.title.clone()))
        .child(Node::new("desc").attr("id", desc_id).text(words.description.clone()))
}

fn label(x: f64, y: f64, anchor: &str, text: impl Into<String>) -> Node {
    Node::new("text").attr("x", number(x)).attr("y", number(y)).attr("text-anchor", anchor).attr("fill", INK).text(text)
}

/// A week-by-week column chart: one column per `(label, value)`, oldest first, the last one
/// (the current week) in the second colour with its value written above it and an arrow
/// under its label; `baseline` drawn as a dashed line across.
pub fn week_columns(words: &ChartWords, weeks: &[(String, Option<f64>)], baseline: Option<f64>) -> String {
    const WIDTH: i64 = 480;
    const HEIGHT: i64 = 250;
    let (left, right, top, bottom) = (48.0, 12.0, 26.0, 56.0);
    let plot_w = WIDTH as f64 - left - right;
    let plot_h = HEIGHT as f64 - top - bottom;
    let highest = weeks.iter().filter_map(|(_, v)| *v).chain(baseline).fold(0.0_f64, f64::max);
    let step = nice_step(if highest > 0.0 { highest } else { 1.0 }, 4.0);
    let max = (highest / step).ceil().max(1.0) * step;
    let y = |value: f64| top + plot_h - value / max * plot_h;
    let mut svg = frame(words, WIDTH, HEIGHT);

    let mut grid = Node::new("g").attr("aria-hidden", "true");
    let mut tick = 0.0;
    while tick <= max + step / 2.0 {
        grid = grid
            .child(
                Node::new("line")
                    .attr("x1", number(left))
                    .attr("x2", number(left + plot_w))
                    .attr("y1", number(y(tick)))
                    .attr("y2", number(y(tick)))
                    .attr("stroke", GRID),
            )
            .child(label(left - 6.0, y(tick) + 4.0, "end", number(tick)));
        tick += step;
    }
    svg = svg.child(grid);
    svg = svg.child(
        label(14.0, top + plot_h / 2.0, "middle", words.value_axis.clone())
            .attr("transform", format!("rotate(-90 14 {})", number(top + plot_h / 2.0)))
            .attr("font-size", 12),
    );

    let slot = plot_w / weeks.len().max(1) as f64;
    let bar_w = (slot * 0.62).min(40.0);
    let mut bars = Node::new("g");
    for (i, (week, value)) in weeks.iter().enumerate() {
        let latest = i + 1 == weeks.len();
        let centre = left + slot * (i as f64 + 0.5);
        if let Some(value) = value {
            let top_y = y(*value);
            bars = bars.child(
                Node::new("rect")
                    .attr("x", number(centre - bar_w / 2.0))
                    .attr("y", number(top_y))
                    .attr("width", number(bar_w))
                    .attr("height", number((top + plot_h - top_y).max(0.0)))
                    .attr("fill", if latest { LATEST } else { PAST })
                    .attr("stroke", if latest { INK } else { PAST })
                    .child(Node::new("title").text(format!("{week}: {}", number(*value)))),
            );
            if latest {
                bars = bars.child(label(centre, top_y - 6.0, "middle", number(*value)).attr("font-weight", 700));
            }
        } else {
            bars = bars.child(label(centre, top + plot_h - 4.0, "middle", "–").attr("aria-hidden", "true"));
        }
        // Every other label on many weeks, so they stay legible on a phone; the latest always.
        let every = if weeks.len() > 6 { 2 } else { 1 };
        if latest || (weeks.len() - 1 - i).is_multiple_of(every) {
            let text = label(centre, top + plot_h + 18.0, "middle", week.clone()).attr("font-size", 12);
            bars = bars.child(if latest { text.attr("font-weight", 700) } else { text });
        }
        if latest {
            bars = bars.child(label(centre, top + plot_h + 34.0, "middle", "▲").attr("aria-hidden", "true"));
        }
    }
    svg = svg.child(bars);

    if let Some(baseline) = baseline {
        svg = svg
            .child(
                Node::new("line")
                    .attr("x1", number(left))
                    .attr("x2", number(left + plot_w))
                    .attr("y1", number(y(baseline)))
                    .attr("y2", number(y(baseline)))
                    .attr("stroke", INK)
                    .attr("stroke-width", 1.5)
                    .attr("stroke-dasharray", "6 4"),
            )
            .child(
                // A white halo keeps the label readable where it crosses a column.
                label(left + 4.0, y(baseline) - 5.0, "start", format!("{} {}", words.baseline, number(baseline)))
                    .attr("font-size", 12)
                    .attr("paint-order", "stroke")
                    .attr("stroke", "#ffffff")
                    .attr("stroke-width", 3),
            );
    }
    svg = svg.child(
        label(left + plot_w / 2.0, HEIGHT as f64 - 6.0, "middle", words.category_axis.clone()).attr("font-size", 12),
    );
    svg.render()
}

/// One row of a range chart: a label, the median drawn as a bar and p90 as a diamond.
#[derive(Debug, Clone)]
pub struct RangeRow {
    pub label: String,
    pub p50: f64,
    pub p90: f64,
}

/// Horizontal bars, one row per entry as given (worst first): p50 a bar, p90 a diamond, both
/// values written at the row's end. `legend` names the two marks.
pub fn range_rows(words: &ChartWords, rows: &[RangeRow], legend: (&str, &str)) -> String {
    const WIDTH: i64 = 480;
    let row_h = 30.0;
    // Wide enough for the longest label ("CN-US · dhl-express").
    let longest = rows.iter().map(|r| r.label.chars().count()).max().unwrap_or(0) as f64;
    let (left, right, top) = ((longest * 7.4 + 12.0).clamp(64.0, 200.0), 88.0, 40.0);
    let height = (top + row_h * rows.len().max(1) as f64 + 34.0) as i64;
    let plot_w = WIDTH as f64 - left - right;
    let highest = rows.iter().map(|r| r.p90.max(r.p50)).fold(0.0_f64, f64::max);
    let step = nice_step(if highest > 0.0 { highest } else { 1.0 }, 4.0);
    let max = (highest / step).ceil().max(1.0) * step;
    let x = |value: f64| left + value / max * plot_w;
    let plot_bottom = top + row_h * rows.len().max(1) as f64;
    let mut svg = frame(words, WIDTH, height);

    // Legend: shape and colour both.
    svg = svg
        .child(Node::new("rect").attr("x", 8).attr("y", 10).attr("width", 14).attr("height", 12).attr("fill", PAST))
        .child(label(26.0, 21.0, "start", legend.0).attr("font-size", 12))
        .child(diamond(150.0, 16.0).attr("fill", HIGH))
        .child(label(160.0, 21.0, "start", legend.1).attr("font-size", 12));

    svg = svg.child(vertical_grid(&x, max, step, top, plot_bottom));
    for (i, row) in rows.iter().enumerate() {
        let mid = top + row_h * (i as f64 + 0.5);
        svg = svg
            .child(label(left - 6.0, mid + 4.0, "end", row.label.clone()))
            .child(
                Node::new("rect")
                    .attr("x", number(left))
                    .attr("y", number(mid - 8.0))
                    .attr("width", number((x(row.p50) - left).max(1.0)))
                    .attr("height", 16)
                    .attr("fill", PAST),
            )
            .child(diamond(x(row.p90), mid).attr("fill", HIGH).attr("stroke", INK))
            .child(
                label(WIDTH as f64 - 4.0, mid + 4.0, "end", format!("{} · {}", number(row.p50), number(row.p90)))
                    .attr("font-size", 12),
            );
    }
    svg = svg.child(
        label(left + plot_w / 2.0, height as f64 - 4.0, "middle", words.value_axis.clone()).attr("font-size", 12),
    );
    svg.render()
}

/// One row of a bar chart: a label, a value, and the words written at the row's end.
#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    pub value: f64,
    pub note: String,
}

/// Horizontal bars, one row per entry as given, each with its note written at the end (so the
/// value is read, not only seen).
pub fn bar_rows(words: &ChartWords, rows: &[BarRow]) -> String {
    const WIDTH: i64 = 480;
    let row_h = 28.0;
    let (left, right, top) = (150.0, 96.0, 12.0);
    let height = (top + row_h * rows.len().max(1) as f64 + 34.0) as i64;
    let plot_w = WIDTH as f64 - left - right;
    let highest = rows.iter().map(|r| r.value).fold(0.0_f64, f64::max);
    let step = nice_step(if highest > 0.0 { highest } else { 1.0 }, 4.0);
    let max = (highest / step).ceil().max(1.0) * step;
    let x = |value: f64| left + value / max * plot_w;
    let plot_bottom = top + row_h * rows.len().max(1) as f64;
    let mut svg = frame(words, WIDTH, height);
    svg = svg.child(vertical_grid(&x, max, step, top, plot_bottom));
    for (i, row) in rows.iter().enumerate() {
        let mid = top + row_h * (i as f64 + 0.5);
        svg = svg
            .child(label(left - 6.0, mid + 4.0, "end", row.label.clone()).attr("font-size", 12))
            .child(
                Node::new("rect")
                    .attr("x", number(left))
                    .attr("y", number(mid - 8.0))
                    .attr("width", number((x(row.value) - left).max(1.0)))
                    .attr("height", 16)
                    .attr("fill", PAST),
            )
            .child(label(WIDTH as f64 - 4.0, mid + 4.0, "end", row.note.clone()).attr("font-size", 12));
    }
    svg = svg.child(
        label(left + plot_w / 2.0, height as f64 - 4.0, "middle", words.value_axis.clone()).attr("font-size", 12),
    );
    svg.render()
}

/// The value axis of a horizontal chart: a line and a label at every `step` up to `max`.
fn vertical_grid(x: &impl Fn(f64) -> f64, max: f64, step: f64, top: f64, bottom: f64) -> Node {
    let mut grid = Node::new("g").attr("aria-hidden", "true");
    let mut tick = 0.0;
    while tick <= max + step / 2.0 {
        grid = grid
            .child(
                Node::new("line")
                    .attr("x1", number(x(tick)))
                    .attr("x2", number(x(tick)))
                    .attr("y1", number(top))
                    .attr("y2", number(bottom))
                    .attr("stroke", GRID),
            )
            .child(label(x(tick), bottom + 14.0, "middle", number(tick)).attr("font-size", 12));
        tick += step;
    }
    grid
}

fn diamond(cx: f64, cy: f64) -> Node {
    let r = 7.0;
    Node::new("path").attr(
        "d",
        format!(
            "M{} {}L{} {}L{} {}L{} {}Z",
            number(cx),
            number(cy - r),
            number(cx + r),
            number(cy),
            number(cx),
            number(cy + r),
            number(cx - r),
            number(cy)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> ChartWords {
        ChartWords {
            id: "contacts".into(),
            title: "Contacts <per> 1,000 orders".into(),
            description: "This week 12 & last 8 weeks 9".into(),
            value_axis: "per 1,000 orders".into(),
            category_axis: "Week starting".into(),
            baseline: "8-week mean".into(),
        }
    }

    #[test]
    fn data_never_becomes_markup() {
        let svg = week_columns(&words(), &[("<script>".into(), Some(3.0))], None);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("Contacts &lt;per&gt; 1,000 orders"));
        assert!(svg.contains("12 &amp; last"));
    }

    #[test]
    fn a_week_chart_is_an_image_with_its_title_description_and_baseline() {
        let weeks: Vec<(String, Option<f64>)> =
            vec![("5 Oct".into(), Some(8.0)), ("12 Oct".into(), None), ("19 Oct".into(), Some(12.5))];
        let svg = week_columns(&words(), &weeks, Some(8.0));
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="contacts-title contacts-desc""#));
        assert_eq!(svg.matches("<rect").count(), 2, "a week without a value has no column");
        assert!(svg.contains(LATEST), "the latest week stands out");
        assert!(svg.contains(">12.5</text>"), "and carries its value in words");
        assert!(svg.contains("8-week mean 8"));
        assert!(svg.contains("stroke-dasharray"));
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_step(37.0, 4.0), 10.0);
        assert_eq!(nice_step(3.2, 4.0), 1.0);
        assert_eq!(nice_step(900.0, 4.0), 250.0);
        assert_eq!(number(2.0), "2");
        assert_eq!(number(2.26), "2.3");
    }

    #[test]
    fn bar_rows_write_each_value() {
        let rows = vec![BarRow { label: "Left the origin".into(), value: 12.0, note: "12 · 50 h".into() }];
        let svg = bar_rows(&words(), &rows);
        assert!(svg.contains(">Left the origin</text>") && svg.contains(">12 · 50 h</text>"));
    }

    #[test]
    fn range_rows_mark_p90_by_shape_too() {
        let rows = vec![RangeRow { label: "CN-US".into(), p50: 30.0, p90: 52.0 }];
        let svg = range_rows(&words(), &rows, ("median", "p90"));
        assert!(svg.contains("<path"), "p90 is a diamond");
        assert!(svg.contains("30 · 52"));
    }
}
