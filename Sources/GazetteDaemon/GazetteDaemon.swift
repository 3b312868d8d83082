// GazetteDaemon module: filled in by its own issue.
