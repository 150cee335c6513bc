import Logging

struct Scheduler {
    let logger: Logger

    func renew(job: Job) {
        // The lease event was lost in a refactor: only a plain log line is left.
        logger.info("renewed lease for \(job.id)")
    }

    func run(job: Job) {
        var logger = self.logger
        logger[metadataKey: MetadataKeys.jobType] = "\(job.type)"
        logger.info(
            "lease",
            metadata: [
                "event": "orchestrator.leese",
                MetadataKeys.entityID: "\(job.id)",
                "status": "ok",
            ]
        )
    }
}
