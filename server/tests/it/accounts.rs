//! Console accounts on both databases, and the `server user` command.

use crate::support::{fresh_storage, Backend};
use app::domain::account::{Password, Role, SignInEmail};
use server::console::accounts::{authenticate, create_user};
use server::storage::StorageError;
use std::process::Command;

fn email(raw: &str) -> SignInEmail {
    SignInEmail::parse(raw).unwrap()
}

async fn users_sign_in_with_their_password_until_disabled_and_belong_to_one_shop(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let acme = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let globex = storage.ensure_merchant("globex", "Globex").await.unwrap();
    let password = Password::parse("correct horse battery").unwrap();
    create_user(storage.as_ref(), acme, &email("Ana@Acme.example"), Role::Owner, &password).await.unwrap();
    create_user(storage.as_ref(), acme, &email("bo@acme.example"), Role::Staff, &password).await.unwrap();

    let ana = authenticate(storage.as_ref(), &email("ana@acme.example"), "correct horse battery").await.unwrap();
    let ana = ana.expect("the right password signs in");
    assert_eq!((ana.merchant, ana.role), (acme, Role::Owner));
    assert!(ana.password_hash.starts_with("$argon2id$") && !ana.password_hash.contains("horse"));
    for wrong in ["correct horse batter", "", "CORRECT HORSE BATTERY"] {
        assert_eq!(authenticate(storage.as_ref(), &email("ana@acme.example"), wrong).await.unwrap(), None);
    }
    assert_eq!(authenticate(storage.as_ref(), &email("nobody@acme.example"), "x").await.unwrap(), None);

    // One sign-in is one person of one shop.
    let again = create_user(storage.as_ref(), globex, &email("ana@acme.example"), Role::Staff, &password).await;
    assert!(matches!(&again, Err(StorageError::Conflict { field, .. }) if field == "email"), "{again:?}");
    let listed: Vec<_> = storage.users_of(acme).await.unwrap().into_iter().map(|u| u.email).collect();
    assert_eq!(listed, [email("ana@acme.example"), email("bo@acme.example")]);
    assert!(storage.users_of(globex).await.unwrap().is_empty());

    // Another shop cannot disable them; their own can, and then the password no longer works.
    assert!(!storage.disable_user(globex, &email("bo@acme.example")).await.unwrap());
    assert!(storage.disable_user(acme, &email("bo@acme.example")).await.unwrap());
    assert!(!storage.disable_user(acme, &email("bo@acme.example")).await.unwrap(), "once");
    assert_eq!(authenticate(storage.as_ref(), &email("bo@acme.example"), "correct horse battery").await.unwrap(), None);
    assert_eq!(storage.users_of(acme).await.unwrap().len(), 2, "the row stays");
}

async fn the_demo_shop_gets_one_owner_whose_sign_in_is_shown_once(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let (email, password) = server::simulator::demo::ensure_demo_owner(storage.as_ref()).await.unwrap().unwrap();
    assert_eq!(email.as_str(), server::simulator::demo::DEMO_OWNER_EMAIL);
    let owner = authenticate(storage.as_ref(), &email, password.expose()).await.unwrap().unwrap();
    assert_eq!(owner.role, Role::Owner);
    assert!(server::simulator::demo::ensure_demo_owner(storage.as_ref()).await.unwrap().is_none(), "not again");
}

on_both_backends!(
    users_sign_in_with_their_password_until_disabled_and_belong_to_one_shop,
    the_demo_shop_gets_one_owner_whose_sign_in_is_shown_once,
);

fn server(dir: &std::path::Path, args: &[&str], password: Option<&str>) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(args)
        .current_dir(dir)
        .env("TREKPOST__DATABASE__URL", format!("sqlite://{}", dir.join("x.db").display()))
        .env("TREKPOST_CONFIG", dir.join("absent.toml"))
        .env_remove("TREKPOST_USER_PASSWORD");
    if let Some(password) = password {
        command.env("TREKPOST_USER_PASSWORD", password);
    }
    let output = command.output().expect("the server binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).trim().to_owned();
    (output.status.success(), text(output.stdout), text(output.stderr))
}

#[test]
fn the_user_command_creates_lists_and_disables_and_refuses_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    assert!(server(dir, &["api-key", "create", "--merchant", "acme"], None).0);
    let create = ["user", "create", "--merchant", "acme", "--email", "ana@acme.example", "--role", "owner"];
    let (ok, out, _) = server(dir, &create, None);
    assert!(ok);
    let generated = out.rsplit(' ').next().unwrap();
    assert_eq!(generated.len(), 24, "a generated password, shown once: {out}");
    let (ok, out, _) = server(
        dir,
        &["user", "create", "--merchant", "acme", "--email", "bo@acme.example"],
        Some("a long pass phrase"),
    );
    assert!(ok);
    assert_eq!(out, "bo@acme.example (staff) of acme", "a given password is not echoed");

    let (ok, out, _) = server(dir, &["user", "list", "--merchant", "acme"], None);
    assert!(ok);
    assert!(out.contains("ana@acme.example") && out.contains("owner") && out.contains("bo@acme.example"));
    assert!(!out.contains(generated) && !out.contains("argon2"), "no password, no hash: {out}");

    assert!(server(dir, &["user", "disable", "--merchant", "acme", "--email", "BO@acme.example"], None).0);
    for (args, said) in [
        (vec!["user", "disable", "--merchant", "acme", "--email", "bo@acme.example"], "no active user"),
        (vec!["user", "create", "--merchant", "acme", "--email", "not-an-email"], "--email"),
        (vec!["user", "create", "--merchant", "acme", "--email", "ana@acme.example"], "already signs in"),
        (vec!["user", "create", "--merchant", "acme", "--email", "cy@acme.example", "--role", "admin"], "--role"),
        (vec!["user", "list", "--merchant", "nope"], "no merchant"),
    ] {
        let (ok, _, err) = server(dir, &args, None);
        assert!(!ok, "{args:?} succeeded");
        assert!(err.contains(said), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    let (ok, _, err) = server(
        dir,
        &create[..4].iter().copied().chain(["--email", "dee@acme.example"]).collect::<Vec<_>>(),
        Some("short"),
    );
    assert!(!ok && err.contains("password: at least 12 characters"), "{err}");
}
