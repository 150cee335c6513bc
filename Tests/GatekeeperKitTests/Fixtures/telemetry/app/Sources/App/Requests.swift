import Logging

func served(_ logger: Logger, id: String, ms: Int) {
    // Missing duration.
    logger.info("request", metadata: ["event": "api.request", "component": "http", "entity_id": "\(id)", "status": "ok"])
    // Complete, on several lines, with a value outside the allowed set.
    logger.log(level: .info, "request",
               metadata: ["event": "api.request", "component": "http", "entity_id": "\(id)",
                          "duration": "\(ms)", "status": "done"])
    // The message names the event; orchestrator.lease requires `event`, which is no key here.
    logger.notice("orchestrator.lease", metadata: ["job_type": "sync", "entity_id": "\(id)", "status": "ok"])
    // Deprecated.
    logger.info("legacy", metadata: ["event": "api.legacy_request", "component": "http"])
    // Computed event name and a metadata variable: cannot be checked.
    logger.info("dynamic", metadata: ["event": "api.\(kind)"])
    logger.info("api.request", metadata: extraMetadata)
    // An ordinary log message, never judged.
    logger.info("cache warmed", metadata: ["entries": "\(count)"])
}

func audit(_ recorder: Recorder, id: String) {
    // Custom emitter, fields from argument labels (entityId → entity_id).
    recorder.record(event: "api.request", component: "audit", entityId: id, duration: 3, status: "error")
    // Custom emitter, fields from a dictionary argument; lacks entity_id.
    track("orchestrator.lease", ["event": "orchestrator.lease", "job_type": "sync", "status": "ok"])
}
