// A PEM key on one line with escapes is still a private key.
let signingKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naFDrBz9vFqU4yjRQvM6xA1VQwqbNnd8q9TsL8bXrw7hQ1jRk3VwL9Zq2h5gNbfaA\n-----END RSA PRIVATE KEY-----"
