//! The real migrator, up from empty, down and up again, on both databases.

use fieldsync_tests::db_tests;
use migrations::{Migrator, MigratorTrait};

db_tests! {
    async fn migrations_go_down_to_empty_and_up_again(app) {
        let db = app.state.db.write();
        let applied = Migrator::get_applied_migrations(db).await.unwrap();
        assert_eq!(applied.len(), Migrator::migrations().len());
        Migrator::down(db, None).await.unwrap();
        assert!(Migrator::get_applied_migrations(db).await.unwrap().is_empty());
        Migrator::up(db, None).await.unwrap();
        assert_eq!(Migrator::get_pending_migrations(db).await.unwrap().len(), 0);
        // The schema works after the round trip.
        app.seed().await;
        app.token("inspector").await;
    }
}
