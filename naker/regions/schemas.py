from ninja import Schema


class ProvinceOut(Schema):
    code: str
    name: str


class RegencyOut(Schema):
    code: str
    name: str
    type: str
