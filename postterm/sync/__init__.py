"""Central API client and the journal replicator."""
