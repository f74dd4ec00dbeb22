import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { INSTITUTION_KIND_LABELS } from "~/domain/accounts";
import { getInstitution, listInstitutionStaff } from "~/services/accounts.server";
import { TaskCards } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const institutionId = institutionIdOf(user);
  const institution = getInstitution(getDb(), institutionId);
  if (!institution) throw new Response("机构不存在", { status: 404 });
  const staff = listInstitutionStaff(getDb(), institutionId);
  return {
    role: user.role,
    institution: { name: institution.name, kind: INSTITUTION_KIND_LABELS[institution.kind] },
    activeOfficers: staff.filter((s) => s.role === "bank_officer" && s.disabledAt === null).length,
  };
}

export default function BankHome() {
  const { role, institution, activeOfficers } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={institution.name} subtitle={`${institution.kind} · 在岗客户经理 ${activeOfficers} 人`} />
      <TaskCards role={role} />
    </>
  );
}
