// `tamis keys` (API keys with roles) and `tamis audit` (the tamper-evident audit chain).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/cli.h"
#include "formats/json_writer.h"
#include "service/clock.h"
#include "store/review_store.h"

namespace tamis::cli {
namespace {

// The actor recorded for changes made from the command line: the operating-system user.
std::string LocalActor() {
  const char* u = std::getenv("USER");
  return std::string("cli:") + (u && *u ? u : "unknown");
}

Result<std::unique_ptr<ReviewStore>> OpenReview(const Context& ctx) {
  TAMIS_ASSIGN_OR_RETURN(auto store, ctx.OpenStore(true));
  return ReviewStore::Open(store->db_path());
}

}  // namespace

void RegisterReviewCommands(CLI::App& app, Context& ctx, Action* action) {
  auto* keys = app.add_subcommand("keys", "API keys of tamis serve: create, list, revoke (roles: client, analyst, supervisor, admin)");
  keys->require_subcommand(1);
  static std::string name, role_s, key_id;
  auto* create = keys->add_subcommand("create", "Create a key; prints the token once (only its SHA-256 is stored)");
  create->add_option("--name", name, "Who holds the key (four-eyes review compares holders)")->required();
  create->add_option("--role", role_s, "client (screen only), analyst (propose), supervisor (decide, good-guy list), admin (lists, keys)")
      ->required();
  create->callback([&ctx, action] {
    *action = [&ctx] {
      auto role = ParseRole(role_s);
      if (!role.ok()) return Fail(role.status());
      auto rs = OpenReview(ctx);
      if (!rs.ok()) return Fail(rs.status());
      auto tok = (*rs)->CreateKey(name, *role, LocalActor(), SystemNowIso());
      if (!tok.ok()) return Fail(tok.status());
      std::cout << *tok << "\n";
      return 0;
    };
  });
  static bool json = false;
  auto* list = keys->add_subcommand("list", "List keys: key_id, name, role, created, revoked (no secrets)");
  list->callback([&ctx, action] {
    *action = [&ctx] {
      auto rs = OpenReview(ctx);
      if (!rs.ok()) return Fail(rs.status());
      auto ks = (*rs)->ListKeys();
      if (!ks.ok()) return Fail(ks.status());
      std::cout << "key_id,name,role,created_at,revoked_at\n";
      for (const auto& k : *ks)
        std::cout << k.key_id << "," << k.name << "," << RoleName(k.role) << "," << k.created_at << "," << k.revoked_at << "\n";
      return 0;
    };
  });
  auto* revoke = keys->add_subcommand("revoke", "Revoke a key by its key_id");
  revoke->add_option("key_id", key_id, "The key's id (tamis keys list)")->required();
  revoke->callback([&ctx, action] {
    *action = [&ctx] {
      auto rs = OpenReview(ctx);
      if (!rs.ok()) return Fail(rs.status());
      Status st = (*rs)->RevokeKey(key_id, LocalActor(), SystemNowIso());
      return st.ok() ? 0 : Fail(st);
    };
  });

  auto* audit = app.add_subcommand("audit", "The audit chain of decisions, good-guy list, list and key changes");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Check the SHA-256 chain; names the first edited, deleted or reordered record (exit 7 when broken)");
  verify->add_flag("--json", json, "Print the verdict as JSON");
  verify->callback([&ctx, action] {
    *action = [&ctx] {
      auto rs = OpenReview(ctx);
      if (!rs.ok()) return Fail(rs.status());
      auto v = (*rs)->VerifyAudit();
      if (!v.ok()) return Fail(v.status());
      if (json) {
        JsonWriter w;
        w.BeginObject().Key("ok").Bool(v->ok).Key("records").Int(v->records);
        if (!v->ok) w.Key("first_bad_seq").Int(v->first_bad_seq).Field("problem", v->problem);
        else w.Field("head_hash", v->head_hash);
        std::cout << w.EndObject().Take() << "\n";
      } else if (v->ok) {
        std::cout << "audit chain intact: " << v->records << " records, head " << v->head_hash << "\n";
      }
      if (!v->ok) return Fail(DataLoss("audit chain broken at record " + std::to_string(v->first_bad_seq) + ": " + v->problem));
      return 0;
    };
  });
  static int64_t after = 0;
  static int limit = 100;
  auto* show = audit->add_subcommand("show", "Print audit records as JSON Lines");
  show->add_option("--after", after, "Records after this sequence number");
  show->add_option("--limit", limit, "At most this many records (default 100)");
  show->callback([&ctx, action] {
    *action = [&ctx] {
      auto rs = OpenReview(ctx);
      if (!rs.ok()) return Fail(rs.status());
      auto log = (*rs)->AuditLog(after, limit);
      if (!log.ok()) return Fail(log.status());
      for (const auto& r : *log) {
        JsonWriter w;
        w.BeginObject().Key("seq").Int(r.seq).Field("at", r.at).Field("actor", r.actor).Field("action", r.action);
        w.Field("object", r.object).Field("detail", r.detail).Field("prev_hash", r.prev_hash).Field("hash", r.hash);
        std::cout << w.EndObject().Take() << "\n";
      }
      return 0;
    };
  });
}

}  // namespace tamis::cli
