// The generator's output version. Datasets are persisted under it (the lab engine's files are keyed
// by lab, seed and this version), so it must change whenever the events or the truth generated for
// a seed change: a unit test pins a digest of one seed's output to it and fails until both move.
export const GENERATOR_VERSION = "2";
