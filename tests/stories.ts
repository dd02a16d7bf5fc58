/**
 * Scripts that several tests tell the same story with (goldens, scene tests, browser tests), so a
 * change to the story is made once and every test keeps reading the same world.
 */

/**
 * orders holds o1…o4 (the console producer's, producer id 0); billing (transactional.id billing,
 * producer id 1 from InitProducerId, epoch 0) processes them in one poll batch, 5 ticks each:
 * after `sim tick 14` (tick 16) it has written o1 to invoices-0 in its first transaction, which
 * began at tick 14.
 */
export const BILLING_MID_TRANSACTION = `kafka-topics --create --topic orders
kafka-topics --create --topic invoices
kafka-console-producer --topic orders <<EOF
o1
o2
o3
o4
EOF
sim processor start billing --group billing --from orders --to invoices --exactly-once --process-ticks 5
sim tick 14`;

/**
 * A compacted customers topic in segments of 5 ticks, cleaned as soon as anything is dirty: ada
 * moves (9 High St), bob is deleted by a tombstone (null.marker NULL), cy arrives, and 40 ticks
 * pass for the cleaner.
 */
export const COMPACTED_CUSTOMERS = `kafka-topics --create --topic customers --config cleanup.policy=compact --config segment.ms=500 --config min.cleanable.dirty.ratio=0.01
kafka-console-producer --topic customers --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF
ada:1 Main St
bob:2 Side Rd
ada:9 High St
EOF
sim tick 10
kafka-console-producer --topic customers --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF
bob:NULL
cy:3 Low Ln
EOF
sim tick 40`;
