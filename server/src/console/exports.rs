//! `GET /console/analytics/feedback.csv`: the shoppers' comments of the filter's weeks, each
//! with its journey, its stars and the themes the lexicon found, for a spreadsheet. Same
//! filters as the feedback page; only the signed-in user's merchant's comments.

use super::analytics::scope_of;
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::MerchantId;
use app::console::SignedIn;
use app::domain::feedback::{themes_of, CommentSource, ShopperComment};
use app::model::analytics::WismoFilter;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

/// The most comments one export holds (a year of a large shop's comments).
const EXPORT_LIMIT: i64 = 200_000;

pub async fn feedback_csv(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let scope = match WismoFilter::from_query(|field| query.get(field).cloned())
        .and_then(|filter| scope_of(MerchantId(who.merchant_id), &filter, chrono::Utc::now()))
    {
        Ok(scope) => scope,
        Err(refused) => return Problem::invalid_field(refused.field, refused.reason).into_response(),
    };
    let comments = match state.storage.comments(&scope, EXPORT_LIMIT).await {
        Ok(comments) => comments,
        Err(error) => return Problem::from(error).into_response(),
    };
    match feedback_rows(&comments) {
        Ok(body) => {
            let name = format!("feedback-{}-{}.csv", scope.from.monday(), scope.to.monday() + chrono::Days::new(6));
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                body,
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "feedback export not written");
            Problem::internal().into_response()
        }
    }
}

/// The header and one row per comment.
fn feedback_rows(comments: &[ShopperComment]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "tracking_number",
        "lane",
        "carrier",
        "date",
        "source",
        "delivery_stars",
        "tracking_stars",
        "locale",
        "themes",
        "comment",
    ])?;
    for c in comments {
        let (source, stars, tracking) = match c.source {
            CommentSource::Rating { stars, tracking_stars } => {
                ("rating", stars.to_string(), tracking_stars.map(|s| s.to_string()).unwrap_or_default())
            }
            CommentSource::Dispute => ("dispute", String::new(), String::new()),
        };
        let themes: Vec<&str> = themes_of(&c.text).into_iter().map(|t| t.code()).collect();
        out.write_record([
            c.tracking_number.as_str(),
            &c.lane.to_string(),
            &c.carrier,
            &c.at.date_naive().to_string(),
            source,
            &stars,
            &tracking,
            c.locale.as_deref().unwrap_or_default(),
            &themes.join(";"),
            &spreadsheet_safe(&c.text),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A shopper's words as a cell a spreadsheet will not run: text starting like a formula gets
/// a leading apostrophe (OWASP's advice on CSV injection).
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::wismo::LaneCode;

    #[test]
    fn a_comment_row_carries_its_journey_stars_and_themes_and_cannot_run_as_a_formula() {
        let comment = |text: &str, source| ShopperComment {
            tracking_number: "TP1".into(),
            lane: LaneCode::parse("CN-ES").unwrap(),
            carrier: "cainiao".into(),
            at: "2026-11-30T10:00:00Z".parse().unwrap(),
            text: text.into(),
            locale: Some("es".into()),
            source,
        };
        let rows = feedback_rows(&[
            comment(
                "Retenido en aduana, \"sin\" noticias",
                CommentSource::Rating { stars: 2, tracking_stars: Some(1) },
            ),
            comment("=HYPERLINK(\"http://evil\")", CommentSource::Dispute),
        ])
        .unwrap();
        let text = String::from_utf8(rows).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "tracking_number,lane,carrier,date,source,delivery_stars,tracking_stars,locale,themes,comment"
        );
        assert_eq!(
            lines[1],
            "TP1,CN-ES,cainiao,2026-11-30,rating,2,1,es,silence;customs,\"Retenido en aduana, \"\"sin\"\" noticias\""
        );
        assert_eq!(lines[2], "TP1,CN-ES,cainiao,2026-11-30,dispute,,,es,,\"'=HYPERLINK(\"\"http://evil\"\")\"");
    }
}
