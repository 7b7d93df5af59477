/*
 * Benchmark variant: a collection-level pre-request script that does nothing. Its cost is what
 * Newman's sandbox charges for running any script at all, the floor no refresh script can beat.
 */
