from liaison.registration import services


def applicant(n=1, **fields):
    data = {
        "email": f"delegate{n}@example.jp",
        "family_name": "東原",
        "given_name": f"敏昭{n}",
        "family_name_latin": "Higashihara",
        "given_name_latin": f"Toshiaki{n}",
        "organisation": "Hitachi",
        "delegation": "jp",
        "mode": "onsite",
        "language": "ja",
        "areas": ("green-energy",),
        "consent_contact": True,
    }
    data.update(fields)
    return services.Applicant(**data)
