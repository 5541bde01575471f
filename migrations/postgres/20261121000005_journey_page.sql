-- The journey page: each leg's carrier name and the points its route passes (a JSON array of
-- {lat, lon}: transit airports, sea-lane turning points), and an index for the delivery
-- window, which reads the finished journeys of a lane (origin and destination country).
ALTER TABLE shipment_legs ADD COLUMN carrier_name TEXT;
ALTER TABLE shipment_legs ADD COLUMN via TEXT;
CREATE INDEX shipments_by_lane ON shipments (origin_country, destination_country, status, last_event_at);
