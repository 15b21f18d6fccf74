-- Reserved: migration 8 belongs to a change made at the same time as migration 9 (time travel
-- and truncation). Until it lands, this placeholder keeps the versions without a gap; it
-- changes nothing, and gives way to that migration when both are merged.
select 1 from {S}.migrations where false;
