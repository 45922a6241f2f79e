namespace ImmutableId.EntraEmulator;

/// <summary>Well-known ids of the demo tenant (Seeds/DemoTenant.json; the full table is in the emulator README).</summary>
public static class DemoTenant
{
    /// <summary>The demo tenant id.</summary>
    public const string TenantId = "c0a7e1d5-0000-4000-8000-00000000c0de";

    /// <summary>Microsoft Graph's appId (its service principal exposes the app roles).</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>Our function's managed identity (client id); granted User.ReadWrite.All, Domain.Read.All, RoleManagement.Read.Directory.</summary>
    public const string FunctionAppId = "44444444-0000-4000-8000-000000000002";

    /// <summary>The managed identity's service principal object id.</summary>
    public const string FunctionServicePrincipalId = "33333333-0000-4000-8000-000000000002";

    /// <summary>A deployment app granted Application.ReadWrite.All (for the permission-grant script).</summary>
    public const string DeployerAppId = "44444444-0000-4000-8000-000000000003";

    /// <summary>The Microsoft Graph service principal object id.</summary>
    public const string GraphServicePrincipalId = "33333333-0000-4000-8000-000000000001";

    /// <summary>Object ids of the demo seed's users and groups (Seeds/DemoTenant.json), one per guardrail case.</summary>
    public static class Users
    {
        /// <summary>adele.vance@contoso.com: cloud-only, no immutable ID.</summary>
        public const string Adele = "11111111-0000-4000-8000-000000000001";

        /// <summary>alex.wilber@contoso.com: cloud-only, no immutable ID.</summary>
        public const string Alex = "11111111-0000-4000-8000-000000000002";

        /// <summary>megan.o'brien@contoso.com: an apostrophe in the UPN.</summary>
        public const string Megan = "11111111-0000-4000-8000-000000000003";

        /// <summary>lee.gu@contoso.com: directory-synced.</summary>
        public const string LeeSynced = "11111111-0000-4000-8000-000000000005";

        /// <summary>nestor.wilke@contoso.com: immutable ID already set (<see cref="NestorImmutableId"/>).</summary>
        public const string NestorWithImmutableId = "11111111-0000-4000-8000-000000000006";

        /// <summary>diego.siciliani@contoso.com: Global Administrator (active).</summary>
        public const string DiegoGlobalAdmin = "11111111-0000-4000-8000-000000000007";

        /// <summary>isaiah.langer@contoso.com: PIM-eligible admin.</summary>
        public const string IsaiahEligible = "11111111-0000-4000-8000-000000000008";

        /// <summary>lynne.robbins@contoso.com: a role through <see cref="HelpdeskGroup"/>.</summary>
        public const string LynneViaGroup = "11111111-0000-4000-8000-000000000009";

        /// <summary>A B2B guest (#EXT# UPN).</summary>
        public const string JoniGuest = "11111111-0000-4000-8000-000000000010";

        /// <summary>pradeep.gupta@fabrikam.com: UPN in the federated domain.</summary>
        public const string PradeepFederated = "11111111-0000-4000-8000-000000000011";

        /// <summary>The role-assignable group holding Helpdesk Administrator.</summary>
        public const string HelpdeskGroup = "22222222-0000-4000-8000-000000000001";

        /// <summary>Nestor's immutable ID.</summary>
        public const string NestorImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";

        /// <summary>The immutable ID the soft-deleted former.employee@contoso.com still holds.</summary>
        public const string DeletedUserImmutableId = "fUwemj8rWk6MbR8uOktcbQ==";

        /// <summary>A valid immutable ID (bytes 00..0F) that no seeded user holds.</summary>
        public const string UnusedImmutableId = "AAECAwQFBgcICQoLDA0ODw==";
    }

    /// <summary>The built-in role template ids the seed assigns (the real Entra ids).</summary>
    public static class Roles
    {
        /// <summary>Global Administrator.</summary>
        public const string GlobalAdministrator = State.BuiltInRoles.GlobalAdministrator;

        /// <summary>Privileged Role Administrator.</summary>
        public const string PrivilegedRoleAdministrator = State.BuiltInRoles.PrivilegedRoleAdministrator;

        /// <summary>Helpdesk Administrator.</summary>
        public const string HelpdeskAdministrator = State.BuiltInRoles.HelpdeskAdministrator;
    }
}
