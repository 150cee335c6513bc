import Logging

struct LeaseScheduler {
    let logger: Logger

    func tick(jobs: [Job]) {
        for job in jobs {
            // This used to emit orchestrator.lease; the refactor kept only a message.
            logger.debug("renewing lease", metadata: ["job": "\(job.id)"])
        }
        logger.info("api.request", metadata: ["event": "api.request", "component": "scheduler", "entity_id": "-", "duration": "0", "status": "ok"])
    }
}
