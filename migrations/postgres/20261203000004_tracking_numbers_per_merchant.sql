-- A shipment's tracking number is unique within its merchant, not across all of them: two
-- shops may carry the same number, and a 409 must not tell one shop what another ships.
ALTER TABLE shipments DROP CONSTRAINT shipments_tracking_number_key;
ALTER TABLE shipments ADD CONSTRAINT shipments_merchant_tracking_number UNIQUE (merchant_id, tracking_number);
-- /track finds a parcel by its number alone, across shops.
CREATE INDEX shipments_by_tracking_number ON shipments (tracking_number);
