-- Page views older than `retention.page_view_days`, folded into one row per shipment and day:
-- a view's own row only matters while its page can still report its time in view, and rows
-- per anonymous request must not grow without end.
CREATE TABLE journey_view_days (
    shipment_id     BIGINT NOT NULL REFERENCES shipments (id),
    day             TEXT   NOT NULL,
    views           BIGINT NOT NULL,
    seconds_visible BIGINT NOT NULL,
    PRIMARY KEY (shipment_id, day)
);
