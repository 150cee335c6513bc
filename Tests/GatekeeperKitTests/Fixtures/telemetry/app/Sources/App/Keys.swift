enum MetadataKeys {
    static let jobType = "job_type"
    static let entityID = "entity_id"
}
