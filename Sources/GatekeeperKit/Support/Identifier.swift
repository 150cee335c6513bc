/// Identifier names as words, for checks that judge a name by what it says.
enum Identifier {
    /// `apiKey`, `API_KEY`, `db-password` → lowercased words.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if !character.isLetter && !character.isNumber {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            let startsWord = character.isUppercase && !current.isEmpty
                && (current.last?.isLowercase == true || current.last?.isNumber == true
                    || (index + 1 < characters.count && characters[index + 1].isLowercase))
            if startsWord {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }
}
