//! How every stretch records what happens: scans at sites, problems, position pings.

use super::{country, long, text, Detail, LegNo, PlannedEvent, Planner};
use crate::simulator::dataset::Site;
use crate::simulator::path::Polyline;
use app::domain::event::{Actor, EventCode, EventInput, EventLocation, ReasonCode};
use chrono::{DateTime, Duration, TimeZone, Utc};

impl Planner {
    /// Position pings every `every` minutes, moving evenly along `path` from `from` to `until`.
    pub(super) fn pings_along(
        &mut self,
        path: &Polyline,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        every: i64,
        leg: LegNo,
    ) {
        if self.detail == Detail::ScansOnly || until <= from {
            return;
        }
        let span = (until - from).num_seconds() as f64;
        let mut at = from;
        while at <= until {
            let fraction = (at - from).num_seconds() as f64 / span;
            let point = path.at_km(path.length_km() * fraction);
            let input = EventInput {
                location: EventLocation { point: Some(point), ..Default::default() },
                carrier: Some(self.carriers[leg as usize].clone()),
                ..EventInput::new(EventCode::Position, at.fixed_offset())
            };
            self.push(at, input);
            at += Duration::minutes(every);
        }
    }

    /// A scan at a site, reported in the site's local time.
    pub(super) fn scan(
        &mut self,
        code: EventCode,
        at: DateTime<Utc>,
        site: &Site,
        leg: Option<LegNo>,
        words: String,
    ) -> &mut EventInput {
        let input = EventInput {
            location: EventLocation {
                city: Some(text(site.name)),
                region: None,
                country: Some(country(site.country)),
                point: Some(site.point()),
                time_zone: Some(site.tz.name().to_owned().try_into().expect("bundled zones exist")),
            },
            carrier: leg.map(|leg| self.carriers[leg as usize].clone()),
            description: Some(long(&words)),
            ..EventInput::new(code, site.tz.from_utc_datetime(&at.naive_utc()).fixed_offset())
        };
        self.push(at, input)
    }

    /// Something went wrong: the reason, what (if anything) the shopper must do, what next.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn problem(
        &mut self,
        code: EventCode,
        at: DateTime<Utc>,
        site: &Site,
        leg: LegNo,
        reason: ReasonCode,
        words: String,
        customer_action: Option<String>,
        next_step: &str,
    ) {
        let input = self.scan(code, at, site, Some(leg), words);
        input.reason = Some(reason);
        input.customer_action = customer_action.map(|a| long(&a));
        input.next_step = Some(long(next_step));
        if code == EventCode::CustomsHeld || code == EventCode::CustomsActionRequired {
            input.actor = Some(Actor::Customs);
        }
    }

    pub(super) fn last_at(&self) -> DateTime<Utc> {
        self.events.last().map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }

    pub(super) fn push(&mut self, at: DateTime<Utc>, mut input: EventInput) -> &mut EventInput {
        input.external_id = Some(text(&format!("sim-{:016x}-{:04}", self.seed, self.events.len())));
        self.events.push(PlannedEvent { at, input });
        &mut self.events.last_mut().expect("just pushed").input
    }
}
