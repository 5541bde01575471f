//! `/console/users` (owners): the shop's console users. An owner adds one (email and role;
//! a first password is generated and shown this once, to hand over) and disables those who
//! left (their sessions end at their next request; what they did stays attributed).

use crate::domain::account::Role;
use crate::i18n::console::{console_text, role_label, ConsoleText as C};
use crate::i18n::datetime::format_local_time;
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::console::{UserAdded, UserRow};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/console/api", endpoint = "users")]
pub async fn list_users() -> Result<Vec<UserRow>, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    console.users(&who).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "users/add")]
pub async fn add_user(email: String, role: String) -> Result<UserAdded, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    console.add_user(&who, &email, &role).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "users/disable")]
pub async fn disable_user(email: String) -> Result<String, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    if email.trim().eq_ignore_ascii_case(&who.email) {
        return Err(ServerFnError::new("you cannot disable yourself"));
    }
    match console.disable_user(&who, &email).await.map_err(super::failed)? {
        true => Ok(email),
        false => Err(super::not_found("active user with this email")),
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <Title text=text(C::NavUsers)/>
        <section class="console-page users">
            <h1>{text(C::NavUsers)}</h1>
            {super::owners_only(C::OwnersOnlyUsers, |me: super::SignedIn| view! { <Users me=me.email/> })}
        </section>
    }
}

#[component]
fn Users(me: String) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let add = ServerAction::<AddUser>::new();
    let disable = ServerAction::<DisableUser>::new();
    let users = Resource::new(move || (add.version().get(), disable.version().get()), |_| list_users());
    let added = move || {
        add.value().get().map(|result| match result {
            Ok(UserAdded::Added { email, password }) => view! {
                <div class="console-message done" role="status">
                    <p>{fill(text(C::UserAdded), &[("email", &email)])}</p>
                    <p class="new-key"><code data-testid="new-password">{password}</code></p>
                </div>
            }
            .into_any(),
            Ok(UserAdded::Invalid { field, reason }) => view! {
                <p class="console-message error" role="alert" data-field=field.clone()>
                    {fill(text(C::EventInvalid), &[("field", &field), ("reason", &reason)])}
                </p>
            }
            .into_any(),
            Err(_) => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
        })
    };
    let disabled = move || {
        disable.value().get().map(|result| match result {
            Ok(email) => view! {
                <p class="console-message done" role="status">{fill(text(C::UserDisabled), &[("email", &email)])}</p>
            }
            .into_any(),
            Err(_) => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
        })
    };
    view! {
        <h2>{text(C::AddUserHeading)}</h2>
        {added}
        <ActionForm action=add attr:class="console-form">
            <label for="user-email">{text(C::EmailLabel)}</label>
            <input id="user-email" name="email" type="email" required maxlength="254" autocomplete="off"/>
            <label for="user-role">{text(C::RoleLabel)}</label>
            <select id="user-role" name="role">
                {Role::ALL.into_iter().rev().map(|role| view! { <option value=role.code()>{role_label(locale, role)}</option> }).collect_view()}
            </select>
            <button type="submit">{text(C::AddUser)}</button>
        </ActionForm>
        {disabled}
        <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
            {move || {
                let me = me.clone();
                Suspend::new(async move {
                    match users.await {
                        Ok(rows) => view! { <UserTable rows me disable/> }.into_any(),
                        Err(_) => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn UserTable(rows: Vec<UserRow>, me: String, disable: ServerAction<DisableUser>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <div class="table-scroll" role="region" aria-label=text(C::NavUsers) tabindex="0">
            <table class="console-table" role="table">
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{text(C::EmailLabel)}</th>
                        <th scope="col" role="columnheader">{text(C::RoleLabel)}</th>
                        <th scope="col" role="columnheader">{text(C::ColCreated)}</th>
                        <th scope="col" role="columnheader">{text(C::ColState)}</th>
                        <th scope="col" role="columnheader">{text(C::ColActions)}</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {rows
                        .into_iter()
                        .map(|row| {
                            let active = row.disabled_at.is_none();
                            let may_disable = active && !row.email.eq_ignore_ascii_case(&me);
                            let email = row.email.clone();
                            let label = fill(text(C::DisableUserLabel), &[("email", &email)]);
                            view! {
                                <tr role="row" data-testid="user-row" data-email=row.email.clone()>
                                    <th scope="row" role="rowheader">{row.email.clone()}</th>
                                    <td role="cell" data-label=text(C::RoleLabel)>{role_label(locale, row.role)}</td>
                                    <td role="cell" data-label=text(C::ColCreated)>{format_local_time(locale, row.created_at.fixed_offset())}</td>
                                    <td role="cell" data-label=text(C::ColState)>{text(if active { C::UserActive } else { C::UserDisabledState })}</td>
                                    <td class="key-actions" role="cell">
                                        {may_disable.then(|| view! {
                                            <ActionForm action=disable>
                                                <input type="hidden" name="email" value=email.clone()/>
                                                <button type="submit" class="danger" aria-label=label.clone()>{text(C::Disable)}</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
