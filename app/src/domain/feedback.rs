//! What shoppers' comments are about: each comment (a rating's, a dispute's) is tagged with the
//! themes a keyword lexicon finds in it, in any of the four languages, and the themes are
//! counted: the share of comments about each, this week against the weeks before, with the
//! newest examples. Pure: storage reads the comments, this module reads them.
//!
//! The lexicon is deliberately plain (keywords, not a model): a seller can read why a comment
//! was tagged, and a missing word is one line to add.

use super::wismo::{LaneCode, Week};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

coded_enum! {
    /// What a comment is about.
    pub enum CommentTheme {
        Silence => "silence",
        Late => "late",
        Customs => "customs",
        Damaged => "damaged",
        Missing => "missing",
        Courier => "courier",
        Praise => "praise",
    }
}

/// Keywords per theme. Latin-script entries match at the start of a word (`zoll` finds
/// "Zollgebühren"); an entry ending in a space matches the whole word only (`late ` is not
/// "later"). Chinese entries match anywhere, as Chinese has no spaces between words.
const LEXICON: &[(CommentTheme, &[&str])] = &[
    (
        CommentTheme::Silence,
        &[
            // English
            "no update",
            "no news",
            "without update",
            "not updated",
            "tracking stopped",
            "stopped updating",
            "said nothing",
            "no information",
            "no tracking",
            // Español
            "sin noticias",
            "sin actualiz",
            "no se actualiz",
            "sin información",
            "sin informacion",
            // Deutsch
            "keine update",
            "keine aktualisier",
            "keine info",
            "keine nachricht",
            "stand fast",
            "stillstand",
            "stand still",
            // 中文
            "没有更新",
            "没更新",
            "不更新",
            "没动",
            "没有物流信息",
        ],
    ),
    (
        CommentTheme::Late,
        &[
            "late ",
            "delay",
            "slow",
            "after the promised",
            "longer than",
            "took ages",
            "too long",
            "overdue",
            "tard",
            "retras",
            "lento",
            "después de la fecha",
            "despues de la fecha",
            "más de lo previsto",
            "spät",
            "verspät",
            "langsam",
            "länger",
            "nach dem versprochen",
            "晚到",
            "延迟",
            "迟到",
            "慢很多",
            "太慢",
        ],
    ),
    (
        CommentTheme::Customs,
        &[
            "customs",
            "import fee",
            "import tax",
            "duties",
            "duty ",
            "aduana",
            "impuesto",
            "arancel",
            "zoll",
            "einfuhr",
            "海关",
            "关税",
            "进口税",
            "清关",
        ],
    ),
    (
        CommentTheme::Damaged,
        &[
            "damage",
            "broken",
            "broke ",
            "crushed",
            "torn",
            "dented",
            "roto",
            "rota ",
            "aplastad",
            "dañad",
            "danad",
            "kaputt",
            "beschädig",
            "zerdrückt",
            "defekt",
            "坏了",
            "损坏",
            "破损",
            "压坏",
        ],
    ),
    (
        CommentTheme::Missing,
        &[
            "not received",
            "never arrived",
            "never came",
            "nothing at my door",
            "missing",
            "lost",
            "no me ha llegado",
            "no llegó",
            "no llego",
            "falta",
            "perdid",
            "nicht angekommen",
            "nichts angekommen",
            "nicht erhalten",
            "fehlt",
            "verloren",
            "没有收到",
            "没收到",
            "丢件",
            "少了",
        ],
    ),
    (
        CommentTheme::Courier,
        &[
            "courier",
            "driver",
            "neighbour",
            "neighbor",
            "postman",
            "delivery man",
            "left with",
            "left at",
            "repartidor",
            "mensajero",
            "vecino",
            "cartero",
            "zusteller",
            "fahrer",
            "nachbar",
            "bote ",
            "paketbote",
            "快递员",
            "邻居",
            "司机",
            "派送员",
        ],
    ),
    (
        CommentTheme::Praise,
        &[
            "thank",
            "great",
            "sooner than",
            "faster than",
            "fast ",
            "quick",
            "perfect",
            "smooth",
            "well packed",
            "excellent",
            "love ",
            "gracias",
            "antes de lo esperado",
            "rápid",
            "rapid",
            "muy claro",
            "excelente",
            "bien embalad",
            "danke",
            "schneller als",
            "super ",
            "pünktlich",
            "gut verpackt",
            "schnell",
            "toll",
            "谢谢",
            "更早",
            "很清楚",
            "很好",
            "顺利",
            "很快",
        ],
    ),
];

/// The comment lower-cased, every run of non-letters and non-digits one space, with a space at
/// each end: a keyword at a word's start is then `" keyword"` anywhere inside.
fn normalised(comment: &str) -> String {
    let mut text = String::with_capacity(comment.len() + 2);
    text.push(' ');
    for c in comment.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            text.push(c);
        } else if !text.ends_with(' ') {
            text.push(' ');
        }
    }
    if !text.ends_with(' ') {
        text.push(' ');
    }
    text
}

/// The themes the lexicon finds in a comment, in the themes' order; empty when none matches.
pub fn themes_of(comment: &str) -> BTreeSet<CommentTheme> {
    let text = normalised(comment);
    LEXICON
        .iter()
        .filter(|(_, keywords)| {
            keywords.iter().any(|keyword| {
                if is_cjk(keyword) {
                    text.contains(keyword)
                } else {
                    text.contains(&format!(" {keyword}"))
                }
            })
        })
        .map(|(theme, _)| *theme)
        .collect()
}

fn is_cjk(keyword: &str) -> bool {
    keyword.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Where a comment was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentSource {
    /// With a rating: the delivery's and the tracking's stars.
    Rating { stars: u8, tracking_stars: Option<u8> },
    /// With a delivery problem report.
    Dispute,
}

/// A shopper's comment with the journey it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopperComment {
    pub tracking_number: String,
    pub lane: LaneCode,
    pub carrier: String,
    /// The week it counts in: the delivery's for a rating, the filing's for a dispute.
    pub at: DateTime<Utc>,
    pub text: String,
    pub locale: Option<String>,
    pub source: CommentSource,
}

/// One theme over a scope's comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeShare {
    pub theme: CommentTheme,
    /// Comments about it, of `comments` in all.
    pub tagged: i64,
    pub comments: i64,
    /// The same in the scope's last week, and in the weeks before it.
    pub this_week: (i64, i64),
    pub before: (i64, i64),
    /// The newest comments about it, newest first, at most [`EXAMPLES`].
    pub examples: Vec<ShopperComment>,
}

/// How many example comments a theme shows.
pub const EXAMPLES: usize = 3;

impl ThemeShare {
    pub fn percent(&self) -> Option<f64> {
        percent(self.tagged, self.comments)
    }
}

/// `n` of `of` in percent; `None` of nothing.
pub fn percent(n: i64, of: i64) -> Option<f64> {
    (of > 0).then(|| 100.0 * n as f64 / of as f64)
}

/// Every theme over the comments (any order), most-mentioned first; `last_week` is the scope's
/// last week, compared with the weeks before it.
pub fn theme_shares(comments: &[ShopperComment], last_week: Week) -> Vec<ThemeShare> {
    let mut newest_first: Vec<&ShopperComment> = comments.iter().collect();
    newest_first.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.tracking_number.cmp(&b.tracking_number)));
    let tagged: Vec<(&ShopperComment, BTreeSet<CommentTheme>, bool)> =
        newest_first.into_iter().map(|c| (c, themes_of(&c.text), Week::of(c.at) == last_week)).collect();
    let in_last_week = tagged.iter().filter(|(_, _, last)| *last).count() as i64;
    let total = tagged.len() as i64;
    let mut shares: Vec<ThemeShare> = CommentTheme::ALL
        .into_iter()
        .map(|theme| {
            let about: Vec<&(&ShopperComment, BTreeSet<CommentTheme>, bool)> =
                tagged.iter().filter(|(_, themes, _)| themes.contains(&theme)).collect();
            let this_week = about.iter().filter(|(_, _, last)| *last).count() as i64;
            ThemeShare {
                theme,
                tagged: about.len() as i64,
                comments: total,
                this_week: (this_week, in_last_week),
                before: (about.len() as i64 - this_week, total - in_last_week),
                examples: about.iter().take(EXAMPLES).map(|(c, _, _)| (*c).clone()).collect(),
            }
        })
        .collect();
    shares.sort_by(|a, b| b.tagged.cmp(&a.tagged).then(a.theme.cmp(&b.theme)));
    shares
}

/// Ratings of the orders delivered in one week (a rating counts in its delivery's week).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingWeek {
    pub week: i64,
    pub ratings: i64,
    /// Sums of the stars given, for the means.
    pub delivery_stars: i64,
    /// Ratings that rated the tracking too, and their stars.
    pub tracked: i64,
    pub tracking_stars: i64,
}

impl RatingWeek {
    pub fn week(&self) -> Week {
        Week(self.week)
    }

    pub fn delivery_mean(&self) -> Option<f64> {
        mean(self.delivery_stars, self.ratings)
    }

    pub fn tracking_mean(&self) -> Option<f64> {
        mean(self.tracking_stars, self.tracked)
    }
}

/// Ratings on one lane with one carrier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneRatings {
    pub lane: LaneCode,
    pub carrier: String,
    pub ratings: i64,
    pub delivery_stars: i64,
    pub tracked: i64,
    pub tracking_stars: i64,
    /// Tracking rated one or two stars.
    pub tracking_low: i64,
}

impl LaneRatings {
    pub fn delivery_mean(&self) -> Option<f64> {
        mean(self.delivery_stars, self.ratings)
    }

    pub fn tracking_mean(&self) -> Option<f64> {
        mean(self.tracking_stars, self.tracked)
    }

    /// Lowest tracking mean first (unrated tracking last), then lowest delivery mean.
    pub fn worst_first(a: &Self, b: &Self) -> std::cmp::Ordering {
        let key = |l: &Self| (l.tracking_mean().unwrap_or(f64::INFINITY), l.delivery_mean().unwrap_or(f64::INFINITY));
        let ((at, ad), (bt, bd)) = (key(a), key(b));
        at.total_cmp(&bt).then(ad.total_cmp(&bd)).then_with(|| (&a.lane, &a.carrier).cmp(&(&b.lane, &b.carrier)))
    }
}

fn mean(sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| sum as f64 / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tags(comment: &str) -> Vec<&'static str> {
        themes_of(comment).into_iter().map(CommentTheme::code).collect()
    }

    #[test]
    fn lanes_with_the_least_liked_tracking_come_first() {
        let lane = |code: &str, tracking: (i64, i64), delivery: (i64, i64)| LaneRatings {
            lane: LaneCode::parse(code).unwrap(),
            carrier: "dhl".into(),
            ratings: delivery.1,
            delivery_stars: delivery.0,
            tracked: tracking.1,
            tracking_stars: tracking.0,
            tracking_low: 0,
        };
        let mut lanes = [lane("CN-US", (8, 2), (8, 2)), lane("CN-GB", (0, 0), (2, 2)), lane("CN-ES", (8, 2), (6, 2))];
        lanes.sort_by(LaneRatings::worst_first);
        let order: Vec<String> = lanes.iter().map(|l| l.lane.to_string()).collect();
        assert_eq!(order, ["CN-ES", "CN-US", "CN-GB"]);
        assert_eq!(lanes[0].tracking_mean(), Some(4.0));
        assert_eq!(RatingWeek::default().delivery_mean(), None);
    }

    #[test]
    fn the_lexicon_reads_all_four_languages() {
        assert_eq!(tags("No updates for days, I thought it was lost."), ["silence", "missing"]);
        assert_eq!(tags("Retenido en aduana durante días sin explicación."), ["customs"]);
        assert_eq!(tags("Ich musste unerwartete Zollgebühren zahlen."), ["customs"]);
        assert_eq!(tags("箱子被压坏了，商品也坏了。"), ["damaged"]);
        assert_eq!(tags("快递员很友好很细心。"), ["courier"]);
        assert_eq!(tags("Schneller als erwartet angekommen, danke!"), ["praise"]);
        assert_eq!(tags("Llegó después de la fecha prometida."), ["late"]);
    }

    #[test]
    fn keywords_match_at_word_starts_and_whole_words_where_asked() {
        assert_eq!(tags("I will write later"), Vec::<&str>::new(), "`late ` is a whole word");
        assert_eq!(tags("It came LATE!"), ["late"]);
        assert_eq!(tags("chocolate arrived"), Vec::<&str>::new(), "not inside a word");
        assert_eq!(tags(""), Vec::<&str>::new());
    }

    fn comment(n: u32, text: &str, at: DateTime<Utc>) -> ShopperComment {
        ShopperComment {
            tracking_number: format!("T{n}"),
            lane: LaneCode::parse("CN-US").unwrap(),
            carrier: "dhl".into(),
            at,
            text: text.into(),
            locale: None,
            source: CommentSource::Dispute,
        }
    }

    #[test]
    fn themes_are_counted_this_week_against_the_weeks_before_with_the_newest_examples() {
        let last = Week::of(Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap());
        let this_week = |h: u32| Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap();
        let before = |d: u32| Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap();
        let comments = [
            comment(1, "Stuck in customs", this_week(8)),
            comment(2, "customs fees again", this_week(9)),
            comment(3, "Thank you!", this_week(10)),
            comment(4, "customs held it", before(10)),
            comment(5, "The box was crushed", before(11)),
            comment(6, "great", before(12)),
            comment(7, "fine", before(13)),
            comment(8, "Held at customs, then late ", before(14)),
        ];
        let shares = theme_shares(&comments, last);
        let customs = &shares[0];
        assert_eq!(customs.theme, CommentTheme::Customs);
        assert_eq!((customs.tagged, customs.comments), (4, 8));
        assert_eq!(customs.percent(), Some(50.0));
        assert_eq!(customs.this_week, (2, 3), "2 of this week's 3 comments");
        assert_eq!(customs.before, (2, 5));
        let examples: Vec<&str> = customs.examples.iter().map(|c| c.tracking_number.as_str()).collect();
        assert_eq!(examples, ["T2", "T1", "T8"], "newest first, at most three");
        let praise = shares.iter().find(|s| s.theme == CommentTheme::Praise).unwrap();
        assert_eq!((praise.tagged, praise.this_week, praise.before), (2, (1, 3), (1, 5)));
        let silence = shares.iter().find(|s| s.theme == CommentTheme::Silence).unwrap();
        assert_eq!((silence.tagged, silence.examples.len()), (0, 0));
        assert_eq!(shares.len(), CommentTheme::ALL.len(), "every theme, mentioned or not");
    }
}
