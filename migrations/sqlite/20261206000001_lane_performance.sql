-- What carrier and lane performance counts, per shipment: the transit from the first carrier
-- scan to delivery, failed attempts, whether customs held the parcel, the first problem's cause
-- (a reason code, else the problem event's code), and whether the delivery kept the window
-- shown at departure (written once after delivery, from the lane's history: the fold never
-- rewrites it). Facts written before this version are derived again at start-up.
ALTER TABLE shipment_facts ADD COLUMN transit_seconds INTEGER;
ALTER TABLE shipment_facts ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipment_facts ADD COLUMN customs_held BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE shipment_facts ADD COLUMN first_problem TEXT;
ALTER TABLE shipment_facts ADD COLUMN delivered_on_time BOOLEAN;
ALTER TABLE shipment_facts ADD COLUMN facts_version INTEGER NOT NULL DEFAULT 1;
