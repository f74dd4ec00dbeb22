/** A valid registration of a firm, as the register form would submit it, for service-level tests. */
import * as v from "valibot";
import { enterpriseRegistrationSchema, type EnterpriseRegistration } from "~/lib/validation/accounts";

export const REGISTRATION_PASSWORD = "Xyd#2026-secure";

export function registrationOf(
  firm: { uscc: string; name: string; legalRepName: string },
  place: { districtCode: string; establishedOn: string } = { districtCode: "320505", establishedOn: "2016-05-01" },
): EnterpriseRegistration {
  const parsed = v.safeParse(enterpriseRegistrationSchema("2026-12-31"), {
    ...firm,
    ...place,
    industrySection: "C",
    size: "small",
    contactName: "钱七",
    contactPhone: "13912345678",
    password: REGISTRATION_PASSWORD,
    passwordConfirm: REGISTRATION_PASSWORD,
    consent: "yes",
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues.map((i) => i.message)));
  return parsed.output;
}
